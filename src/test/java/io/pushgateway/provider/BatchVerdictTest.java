package io.pushgateway.provider;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchVerdictTest {

    @Test
    void aBatchWhoseSendsAllFailedTransientlyIsAFailedCall() {
        assertThat(BatchVerdict.failed(500, 500)).isTrue();
        assertThat(BatchVerdict.failed(1, 1)).isTrue();
    }

    @Test
    void aBatchWithMoreThanHalfOfItsSendsFailedIsAFailedCall() {
        assertThat(BatchVerdict.failed(500, 251)).isTrue();
    }

    @Test
    void aSingleBadTokenOrHalfTheSendsNeverFailTheBatch() {
        assertThat(BatchVerdict.failed(500, 1)).isFalse();
        assertThat(BatchVerdict.failed(500, 250)).isFalse();
        assertThat(BatchVerdict.failed(2, 1)).isFalse();
        assertThat(BatchVerdict.failed(0, 0)).isFalse();
    }
}

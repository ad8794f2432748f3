package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PublishLatenciesTest {

    @Test
    void recordsReceiptMinusTheStampOfBodiesThatCarryOne() {
        PublishLatencies latencies = new PublishLatencies();
        latencies.recordFrom("{\"message\":{\"data\":{\"bench_ts\":\"1000\"}}}".getBytes(StandardCharsets.UTF_8), 1030);
        latencies.recordFrom("{\"data\":{\"x\":\"1\"}}".getBytes(StandardCharsets.UTF_8), 5000);
        for (int i = 0; i < 98; i++) {
            latencies.record(10);
        }
        latencies.record(400);
        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentile(50)).isEqualTo(10);
        assertThat(latencies.percentile(99)).isEqualTo(30);
        assertThat(latencies.max()).isEqualTo(400);
        latencies.reset();
        assertThat(latencies.percentile(50)).isEqualTo(-1);
    }
}

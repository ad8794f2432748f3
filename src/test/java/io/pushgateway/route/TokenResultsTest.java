package io.pushgateway.route;

import static io.pushgateway.route.RouteTesting.exchange;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/** The split's aggregation: a batch that failed fails the group instead of losing its tokens. */
class TokenResultsTest {

    private final TokenResults tokenResults = new TokenResults();

    @Test
    void theFirstBatchFailureIsPassedOnToTheGroup() {
        Exchange first = tokenResults.aggregate(null, exchange("no results"));
        Exchange failed = exchange("no results");
        IllegalStateException boom = new IllegalStateException("boom");
        failed.setException(boom);

        Exchange gathered = tokenResults.aggregate(first, failed);
        Exchange later = exchange("no results");
        later.setException(new IllegalStateException("later"));
        gathered = tokenResults.aggregate(gathered, later);

        assertThat(gathered).isSameAs(first);
        assertThat(gathered.getException()).isSameAs(boom);
    }

    @Test
    void batchesThatSucceededLeaveTheGroupWithoutAnException() {
        Exchange gathered = tokenResults.aggregate(tokenResults.aggregate(null, exchange("a")), exchange("b"));

        assertThat(gathered.getException()).isNull();
    }
}

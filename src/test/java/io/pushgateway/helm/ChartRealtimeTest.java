package io.pushgateway.helm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The real-time channel's values reach the gateway as push.realtime.* environment variables. */
class ChartRealtimeTest {

    @Test
    void theChannelIsOffByDefaultWithTheContractExchangeName() {
        assertThat(HelmChart.render().config())
                .containsEntry("PUSH_REALTIME_ENABLED", "false")
                .containsEntry("PUSH_REALTIME_EXCHANGE", "push.realtime")
                .doesNotContainKey("PUSH_REALTIME_WEB_STOMP_URL");
    }

    @Test
    void theFlagTheExchangeAndTheWebStompAddressAreSetFromValues() {
        var config = HelmChart.render("realtime: {enabled: true, exchange: users.live, webStompUrl: 'wss://broker.example/ws'}")
                .config();

        assertThat(config).containsEntry("PUSH_REALTIME_ENABLED", "true")
                .containsEntry("PUSH_REALTIME_EXCHANGE", "users.live")
                .containsEntry("PUSH_REALTIME_WEB_STOMP_URL", "wss://broker.example/ws");
    }

    @Test
    void theSchemaRefusesAWebStompAddressThatIsNoWebSocketUrl() {
        assertThat(HelmChart.renderFailure("realtime: {webStompUrl: 'http://broker.example/ws'}"))
                .contains("webStompUrl");
    }
}

package io.pushgateway.realtime;

import io.pushgateway.config.PushProperties;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the /realtime/ page needs to know to reach the broker: the Web-STOMP URL, the virtual host
 * (STOMP's {@code host} header) and the exchange. Nothing secret: the page's user logs in to the
 * broker with their own credentials.
 */
@RestController
public class RealtimePageSettings {

    private final Map<String, Object> settings;

    public RealtimePageSettings(PushProperties props,
                                @Value("${spring.rabbitmq.virtual-host:/}") String virtualHost) {
        this.settings = Map.of(
                "enabled", props.realtime().enabled(),
                "webStompUrl", props.realtime().webStompUrl(),
                "virtualHost", virtualHost.isEmpty() ? "/" : virtualHost,
                "exchange", props.realtime().exchange());
    }

    @GetMapping(path = "/realtime/settings.json", produces = "application/json")
    public Map<String, Object> settings() {
        return settings;
    }
}

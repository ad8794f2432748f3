package io.pushgateway.config;

import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sizes camel-http's connection pool to the send concurrency (its default is 20 per route, and
 * FCM is one route) and replaces its 180 s timeouts with push.http.*.
 */
@Configuration(proxyBeanMethods = false)
public class HttpClientSettings {

    @Bean
    ComponentCustomizer fcmHttpClient(PushProperties props) {
        return ComponentCustomizer.builder(HttpComponent.class).build(http -> {
            int concurrency = props.fcm().concurrency();
            http.setConnectionsPerRoute(concurrency);
            http.setMaxTotalConnections(concurrency);
            long connect = props.http().connectTimeout().toMillis();
            long response = props.http().responseTimeout().toMillis();
            http.setConnectTimeout(connect);
            http.setConnectionRequestTimeout(response);
            http.setResponseTimeout(response);
            http.setSoTimeout(response);
            // Retry-After is honoured by the retry levels, not by the client waiting inline.
            http.setAutomaticRetriesDisabled(true);
        });
    }
}

package io.pushgateway.config;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Sizes camel-http's connection pool to the send concurrency (its default is 20 per route, and
 * FCM is one route), replaces its 180 s timeouts with push.http.*, and turns off the client's own
 * retries: Retry-After is honoured by the retry levels, and a client that quietly resends a 503
 * would hide it from the circuit breaker. Both schemes are set: {@code http:} (the emulator) and
 * {@code https:} (Google) are separate component instances.
 */
@Configuration(proxyBeanMethods = false)
public class HttpClientSettings {

    static final String[] SCHEMES = {"http", "https"};

    @Bean
    CamelContextConfiguration fcmHttpClient(PushProperties props) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                for (String scheme : SCHEMES) {
                    apply(context.getComponent(scheme, HttpComponent.class), props);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }

    static void apply(HttpComponent http, PushProperties props) {
        int concurrency = props.fcm().concurrency();
        http.setConnectionsPerRoute(concurrency);
        http.setMaxTotalConnections(concurrency);
        long connect = props.http().connectTimeout().toMillis();
        long response = props.http().responseTimeout().toMillis();
        http.setConnectTimeout(connect);
        http.setConnectionRequestTimeout(response);
        http.setResponseTimeout(response);
        http.setSoTimeout(response);
        http.setAutomaticRetriesDisabled(true);
        // FCM sets no cookies and answers small JSON: the cookie store and the gzip negotiation
        // are per-call work for nothing (about 3 % of the gateway's CPU on one-token v1 sends).
        http.setCookieManagementDisabled(true);
        http.setContentCompressionDisabled(true);
    }
}

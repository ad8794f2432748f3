package io.pushgateway;

import io.pushgateway.config.PushProperties;
import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * camel-http, for outcome endpoints re-pointed at an HTTP callback (push.outcome.*-uri): the pool
 * holds as many connections as publishes can run at once (the publish route's parallel split runs on
 * Camel's default pool of at most {@value #PUBLISHES_AT_ONCE} threads; more with more consumers),
 * its 180 s timeouts are replaced with push.http.*, and the client's own retries are off (a
 * failed publish fails the request, which is redelivered). FCM itself is called by
 * provider.http.FcmHttpClient, not by camel-http. Both schemes are set: {@code http:} and
 * {@code https:} are separate component instances.
 */
@Configuration(proxyBeanMethods = false)
public class HttpClientSettings {

    static final String[] SCHEMES = {"http", "https"};
    /** Camel's default thread pool profile (max pool size), which the publish route's parallel split uses. */
    static final int PUBLISHES_AT_ONCE = 20;

    @Bean
    CamelContextConfiguration outcomeHttpEndpoints(PushProperties props) {
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
        int concurrency = Math.max(PUBLISHES_AT_ONCE, props.intake().consumers());
        http.setConnectionsPerRoute(concurrency);
        http.setMaxTotalConnections(concurrency);
        long connect = props.http().connectTimeout().toMillis();
        long response = props.http().responseTimeout().toMillis();
        http.setConnectTimeout(connect);
        http.setConnectionRequestTimeout(response);
        http.setResponseTimeout(response);
        http.setSoTimeout(response);
        http.setAutomaticRetriesDisabled(true);
        // Callbacks for outcomes need no cookies and answer small bodies: the cookie store and the
        // gzip negotiation would be per-call work for nothing.
        http.setCookieManagementDisabled(true);
        http.setContentCompressionDisabled(true);
    }
}

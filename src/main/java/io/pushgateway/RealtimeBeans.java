package io.pushgateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.pushgateway.config.PushProperties;
import io.pushgateway.realtime.RealtimeDelivery;
import io.pushgateway.realtime.RealtimeMessages;
import io.pushgateway.realtime.RealtimeMetrics;
import io.pushgateway.route.Realtime;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The bean the deliver-realtime route calls ({@code realtime}), and the /realtime/ page's address. */
@Configuration(proxyBeanMethods = false)
public class RealtimeBeans {

    @Bean(name = "realtime")
    Realtime realtime(PushProperties props, ObjectMapper json, MeterRegistry registry, Clock clock) {
        return new Realtime(new RealtimeDelivery(props.realtime().enabled(), new RealtimeMessages(json),
                new RealtimeMetrics(registry), clock));
    }

    /** Spring Boot serves static/realtime/index.html, but only at its full path; the page's address is the folder. */
    @Bean
    WebMvcConfigurer realtimePage() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addRedirectViewController("/realtime", "/realtime/");
                registry.addViewController("/realtime/").setViewName("forward:/realtime/index.html");
            }
        };
    }
}

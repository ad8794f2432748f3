package io.pushgateway;

import org.springframework.boot.autoconfigure.amqp.ConnectionFactoryCustomizer;
import org.springframework.boot.autoconfigure.amqp.RabbitProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Peer verification must include the broker's host name. Spring Boot 3.5 skips
 * {@code spring.rabbitmq.ssl.verify-hostname} when the trust material comes from an SSL bundle
 * (spring-boot#50168); this applies it in that case too. Turn it off only on purpose, with
 * {@code spring.rabbitmq.ssl.verify-hostname=false}.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerHostnameVerification {

    @Bean
    ConnectionFactoryCustomizer verifyBrokerHostnameWithSslBundles(RabbitProperties rabbit) {
        return factory -> {
            RabbitProperties.Ssl ssl = rabbit.getSsl();
            if (ssl.determineEnabled() && ssl.getBundle() != null && ssl.isVerifyHostname()) {
                factory.enableHostnameVerification();
            }
        };
    }
}

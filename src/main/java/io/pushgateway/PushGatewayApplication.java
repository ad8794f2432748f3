package io.pushgateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the gateway: Spring Boot wires the beans, Camel loads the YAML routes. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PushGatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(PushGatewayApplication.class, args);
    }
}

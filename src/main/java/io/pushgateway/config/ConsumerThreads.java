package io.pushgateway.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.amqp.ConnectionFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Threads that run the intake consumers. Camel's listener container runs each consumer on the
 * RabbitMQ client's dispatch pool, which defaults to 2 x CPUs threads: on a 2-core machine that
 * capped the requests in flight at about 2, whatever push.intake.consumers said (benchmark: 153
 * tokens/s with 32 consumers before, 851 after). One thread per consumer, plus two, lifts the cap.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerThreads {

    @Bean
    ConnectionFactoryCustomizer threadPerIntakeConsumer(PushProperties props) {
        return factory -> factory.setSharedExecutor(pool(props.intake().consumers() + 2));
    }

    /** Daemon threads: they end with the JVM after the connection has closed. */
    private static ExecutorService pool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "rabbit-consumer-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

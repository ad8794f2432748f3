package io.pushgateway.config;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Threads that run the intake consumers. Camel's listener container runs each consumer on the
 * connection's consumer dispatch pool. Spring's connection factory hands the RabbitMQ client its
 * own executor (none by default), and the client then falls back to 2 x CPUs threads: on a 2-core
 * machine that capped the requests in flight at about 2, whatever push.intake.consumers said
 * (benchmark, events v1: 174 tokens/s with 32 consumers). One thread per consumer, plus two, lifts
 * the cap. It must be set on Spring's factory: the client's own sharedExecutor is ignored when
 * Spring passes an executor argument, even a null one.
 */
@Configuration(proxyBeanMethods = false)
public class ConsumerThreads {

    static final String THREAD_PREFIX = "rabbit-consumer-";

    /** Static: a post-processor is created before other beans, so it reads the setting itself. */
    @Bean
    static BeanPostProcessor threadPerIntakeConsumer(Environment env) {
        int consumers = Binder.get(env).bind("push.intake.consumers", Integer.class).orElse(256);
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String name) {
                if (bean instanceof AbstractConnectionFactory factory) {
                    factory.setExecutor(pool(consumers + 2));
                }
                return bean;
            }
        };
    }

    /** Daemon threads: they end with the JVM once the connection has closed. */
    private static ExecutorService pool(int threads) {
        AtomicInteger n = new AtomicInteger();
        return Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, THREAD_PREFIX + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

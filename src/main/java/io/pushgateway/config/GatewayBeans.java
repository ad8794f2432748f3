package io.pushgateway.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pushgateway.broker.BrokerComponent;
import io.pushgateway.broker.RawBodyConverter;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.feedback.FeedbackEvents;
import io.pushgateway.intake.BodyDigest;
import io.pushgateway.intake.IntakeLimits;
import io.pushgateway.intake.IntakeStep;
import io.pushgateway.intake.PushRequestReader;
import io.pushgateway.logging.MessageIdLogContext;
import io.pushgateway.metrics.CircuitStateGauge;
import io.pushgateway.metrics.PushMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import io.pushgateway.outcome.FailurePolicy;
import io.pushgateway.outcome.OutboundSteps;
import io.pushgateway.outcome.OutcomePlanner;
import io.pushgateway.outcome.TokenResultCollector;
import io.pushgateway.provider.ErrorOutcomeTable;
import io.pushgateway.provider.FcmSendSteps;
import io.pushgateway.provider.ProviderRuntime;
import io.pushgateway.provider.ResultClassifier;
import io.pushgateway.provider.TokenRateLimiter;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import io.pushgateway.provider.gcm.GcmRequestBuilder;
import io.pushgateway.retry.RetryPlanner;
import io.pushgateway.topology.BrokerTopology;
import io.pushgateway.topology.TopologyDeclarer;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Resilience4jConfigurationDefinition;
import org.springframework.amqp.rabbit.config.RetryInterceptorBuilder;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.retry.ImmediateRequeueMessageRecoverer;
import org.springframework.retry.interceptor.RetryOperationsInterceptor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the plain beans the YAML routes call by name: {@code intake}, {@code fcmSend},
 * {@code tokenResults}, {@code outcomes}, {@code failures}, {@code broker}, {@code rawBody},
 * {@code fcmSendPool}.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayBeans {

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Declared while the context starts, so a conflict stops start-up before any consumer runs. */
    @Bean
    BrokerTopology brokerTopology(PushProperties props, ConnectionFactory connectionFactory) {
        BrokerTopology topology = new BrokerTopology(props.topology(), props.retry().delays());
        if (props.realtime().enabled()) {
            topology.withTopicExchange(props.realtime().exchange());
        }
        new TopologyDeclarer(connectionFactory).declare(topology);
        return topology;
    }

    /** Tags every route step's log lines with the request's message id (Camel picks up InterceptStrategy beans). */
    @Bean
    MessageIdLogContext messageIdLogContext() {
        return new MessageIdLogContext();
    }

    @Bean
    PushMetrics pushMetrics(MeterRegistry registry) {
        return new PushMetrics(registry);
    }

    @Bean
    IntakeStep intake(PushProperties props, Clock clock, PushMetrics metrics) {
        var limits = new IntakeLimits(props.intake().maxPayloadBytes(), props.intake().maxTokens(),
                props.intake().maxBodyBytes());
        // Generated message ids come from the body's bytes: the same on every delivery (contract section 2).
        var reader = new PushRequestReader(limits, BodyDigest::messageId, props.realtime().enabled());
        return new IntakeStep(reader, clock, metrics);
    }

    @Bean(destroyMethod = "close")
    ProviderRuntime providerRuntime(PushProperties props, PushMetrics metrics) {
        return ProviderRuntime.start(props, metrics::oauthRefreshed);
    }

    @Bean
    ResultClassifier resultClassifier(ObjectMapper json) {
        return new ResultClassifier(new ErrorOutcomeTable(), json);
    }

    @Bean
    FcmSendSteps fcmSend(ProviderRuntime provider, ResultClassifier classifier, PushProperties props, Clock clock,
                         PushMetrics metrics) {
        return new FcmSendSteps(provider, classifier, new GcmRequestBuilder(), new FcmV1RequestBuilder(),
                props.gcm().batchSize(), clock, metrics, TokenRateLimiter.perSecond(props.fcm().rateLimit()));
    }

    @Bean
    TokenResultCollector tokenResults() {
        return new TokenResultCollector();
    }

    @Bean
    DeadLetters deadLetters(ObjectMapper json) {
        return new DeadLetters(json);
    }

    @Bean
    OutboundSteps outcomes(PushProperties props, DeadLetters deadLetters, ObjectMapper json, Clock clock,
                           PushMetrics metrics) {
        var retryPlanner = new RetryPlanner(props.retry().delays(), props.breaker().waitInOpenState());
        var planner = new OutcomePlanner(new FeedbackEvents(json), deadLetters, retryPlanner,
                props.topology()::retryQueue, json, clock);
        return new OutboundSteps(planner, metrics);
    }

    @Bean
    FailurePolicy failures(DeadLetters deadLetters) {
        return new FailurePolicy(deadLetters);
    }

    @Bean(name = "broker")
    BrokerComponent broker(ConnectionFactory connectionFactory, PushProperties props) {
        return new BrokerComponent(connectionFactory, props.broker().confirmTimeout());
    }

    /**
     * What the intake consumer does with a request whose processing failed transiently (fatal
     * failures never get here: the error policy dead-letters and acks them): one try, then back
     * to the queue. Without this, Spring AMQP's default recoverer would log "dropped" and ack it.
     */
    @Bean
    RetryOperationsInterceptor requeueOnFailure() {
        return RetryInterceptorBuilder.stateless()
                .maxAttempts(1)
                .recoverer(new ImmediateRequeueMessageRecoverer())
                .build();
    }

    @Bean
    RawBodyConverter rawBody() {
        return new RawBodyConverter();
    }

    /**
     * Threads that make FCM calls; bounded by push.fcm.concurrency, like the HTTP pool. The queue is
     * bounded too: a v1 broadcast splits into one send per token, and an unbounded queue held every
     * one of them (an exchange each) at once: 623 MiB RSS for 20 x 10,000 tokens. When it is full the
     * submitting consumer thread makes the send itself, which also slows its intake: backpressure.
     */
    @Bean(destroyMethod = "shutdown")
    ExecutorService fcmSendPool(PushProperties props) {
        int size = props.fcm().concurrency();
        AtomicInteger n = new AtomicInteger();
        var pool = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(size * 4),
                r -> {
                    Thread t = new Thread(r, "fcm-send-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, GatewayBeans::runInCallerUnlessShutDown);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /**
     * Unlike the JDK's CallerRunsPolicy, which silently drops the task of a shut-down pool (the split
     * would then wait for it forever), this fails the send, so the request is redelivered.
     */
    private static void runInCallerUnlessShutDown(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            throw new RejectedExecutionException("the FCM send pool is shut down");
        }
        task.run();
    }

    /** The fcm-breaker's thresholds, from push.breaker.* (the route refers to this bean by name). */
    @Bean
    Resilience4jConfigurationDefinition fcmBreakerSettings(PushProperties props) {
        var breaker = props.breaker();
        var settings = new Resilience4jConfigurationDefinition();
        settings.setFailureRateThreshold(String.valueOf(breaker.failureRateThreshold()));
        settings.setMinimumNumberOfCalls(String.valueOf(breaker.minimumCalls()));
        settings.setSlidingWindowSize(String.valueOf(breaker.slidingWindowSize()));
        // Camel counts this option in seconds.
        settings.setWaitDurationInOpenState(String.valueOf(Math.max(1, breaker.waitInOpenState().toSeconds())));
        return settings;
    }

    /** Values the routes read that are derived at start rather than configured. */
    @Bean
    CamelContextConfiguration derivedRouteProperties(ProviderRuntime provider, MeterRegistry registry) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                context.getPropertiesComponent().addOverrideProperty("push.provider.send-uri", provider.sendUri());
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                CircuitStateGauge.register(registry, () -> {
                    var breaker = context.getProcessor("fcm-breaker", ResilienceProcessor.class);
                    return breaker == null ? null : breaker.getCircuitBreakerState();
                });
            }
        };
    }
}

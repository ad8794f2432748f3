package io.pushgateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.pushgateway.broker.BrokerComponent;
import io.pushgateway.config.PushProperties;
import io.pushgateway.deadletter.DeadLetters;
import io.pushgateway.feedback.FeedbackEvents;
import io.pushgateway.intake.BodyDigest;
import io.pushgateway.intake.GroupReader;
import io.pushgateway.intake.IntakeLimits;
import io.pushgateway.intake.PushRequestReader;
import io.pushgateway.intake.RetryProvenance;
import io.pushgateway.metrics.CircuitStateGauge;
import io.pushgateway.metrics.ProviderInfo;
import io.pushgateway.metrics.PushMetrics;
import io.pushgateway.outcome.FailurePolicy;
import io.pushgateway.outcome.GroupPlanner;
import io.pushgateway.outcome.OutcomePlanner;
import io.pushgateway.outcome.RequestParking;
import io.pushgateway.outcome.RetryRequests;
import io.pushgateway.provider.ErrorOutcomeTable;
import io.pushgateway.provider.FcmBreakers;
import io.pushgateway.provider.FcmSender;
import io.pushgateway.provider.ProviderRuntime;
import io.pushgateway.provider.ResultClassifier;
import io.pushgateway.provider.fcm.CredentialsSource;
import io.pushgateway.provider.http.FcmHttpClient;
import io.pushgateway.provider.http.FcmHttpSettings;
import io.pushgateway.provider.http.ProviderTrust;
import io.pushgateway.retry.RetryPlanner;
import io.pushgateway.route.Failures;
import io.pushgateway.route.FcmSend;
import io.pushgateway.route.Intake;
import io.pushgateway.route.Outcomes;
import io.pushgateway.route.TokenResults;
import io.pushgateway.topology.BrokerTopology;
import io.pushgateway.topology.TopologyDeclarer;
import java.time.Clock;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The wiring: makes the beans the YAML routes call by name ({@code intake}, {@code fcmSend},
 * {@code tokenResults}, {@code outcomes}, {@code failures}, the {@code broker} component; the
 * {@code realtime} bean is in {@link RealtimeBeans}), each a {@code route} class over the plain Java
 * beneath it, and the per-project send-batch routes with their circuit breakers.
 */
@Configuration(proxyBeanMethods = false)
public class GatewayBeans {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(GatewayBeans.class);
    /** The route template of src/main/resources/routes/send-batch.camel.yaml. */
    static final String SEND_BATCH_TEMPLATE = "send-batch";

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

    @Bean
    PushMetrics pushMetrics(MeterRegistry registry) {
        return new PushMetrics(registry);
    }

    @Bean
    Intake intake(PushProperties props, Clock clock, PushMetrics metrics) {
        var limits = new IntakeLimits(props.intake().maxPayloadBytes(), props.intake().maxTokens(),
                props.intake().maxBodyBytes());
        // The legacy API has no FIDs, projects or platform blocks: such requests are refused at intake.
        boolean legacy = props.effectiveProvider() == PushProperties.ProviderKind.GCM
                || (props.effectiveProvider() == PushProperties.ProviderKind.EMULATOR
                && props.emulator().protocol() == PushProperties.Emulator.Protocol.LEGACY);
        // Generated message ids come from the body's bytes: the same on every delivery (contract section 2).
        PushRequestReader reader = PushRequestReader.of(limits, BodyDigest::messageId, legacy, props.realtime().enabled());
        return new Intake(new GroupReader(reader,
                new RetryProvenance(props.topology()::retryQueue, props.retry().delays().size(), clock), clock), metrics);
    }

    @Bean(destroyMethod = "close")
    ProviderRuntime providerRuntime(PushProperties props, PushMetrics metrics, ProviderTrust trust,
                                    CredentialsSource applicationDefaultCredentials) {
        return ProviderRuntime.start(props, trust, applicationDefaultCredentials,
                project -> () -> metrics.oauthRefreshed(project));
    }

    /** push_provider_info, the provider in /actuator/info, and a repeated WARN banner while the emulator answers. */
    @Bean(destroyMethod = "close")
    ProviderInfo providerInfo(PushProperties props, MeterRegistry registry, Clock clock) {
        return ProviderInfo.start(props, registry, clock, ProviderInfo.Repeater.onDaemonThread("provider-info"));
    }

    @Bean
    ResultClassifier resultClassifier(ObjectMapper json) {
        return new ResultClassifier(new ErrorOutcomeTable(), json);
    }

    /** The FCM HTTP client (HTTP/2 or HTTP/1.1 as push.http.* and the endpoint's scheme say). */
    @Bean(destroyMethod = "close")
    FcmHttpClient fcmHttpClient(PushProperties props, ProviderRuntime provider, ProviderTrust trust) {
        FcmHttpSettings settings = FcmHttpSettings.of(props, provider.sendUrl(), provider.emulator() != null, trust);
        LOG.info("FCM HTTP client: {}, {} connection(s) x {} stream(s), at most {} request(s) in flight",
                settings.protocolName(), settings.connections(), settings.maxStreamsPerConnection(), settings.maxInFlight());
        return FcmHttpClient.start(settings);
    }

    /** One circuit breaker per Firebase project; the send-batch route template refers to them by name. */
    @Bean
    FcmBreakers fcmBreakers(PushProperties props, ProviderRuntime provider, Clock clock) {
        return new FcmBreakers(props.breaker(), provider.projects().keySet(), clock);
    }

    @Bean
    FcmSend fcmSend(ProviderRuntime provider, FcmHttpClient http, ResultClassifier classifier,
                    PushProperties props, Clock clock, PushMetrics metrics, FcmBreakers breakers) {
        return new FcmSend(FcmSender.of(new FcmSender.Settings(provider, http, classifier, props.fcm().batchSize(),
                props.gcm().batchSize(), clock, metrics, breakers, props.http().responseTimeout())));
    }

    @Bean
    TokenResults tokenResults() {
        return new TokenResults();
    }

    @Bean
    DeadLetters deadLetters(ObjectMapper json) {
        return new DeadLetters(json);
    }

    /** Writes requests for the retry levels: the planner's retries and the error policy's parked requests. */
    @Bean
    RetryRequests retryRequests(PushProperties props, ObjectMapper json) {
        return new RetryRequests(props.topology()::retryQueue, json);
    }

    @Bean
    Outcomes outcomes(PushProperties props, DeadLetters deadLetters, RetryRequests retryRequests, ObjectMapper json,
                      Clock clock, PushMetrics metrics, FailurePolicy failurePolicy) {
        var retryPlanner = new RetryPlanner(props.retry().delays());
        var planner = new OutcomePlanner(new FeedbackEvents(json), deadLetters, retryPlanner, retryRequests, clock);
        return new Outcomes(new GroupPlanner(planner, failurePolicy, metrics), metrics);
    }

    /** The one place that decides fatal versus transient; the outcomes bean dead-letters through it too. */
    @Bean
    FailurePolicy failurePolicy(PushProperties props, DeadLetters deadLetters, RetryRequests retryRequests) {
        return new FailurePolicy(deadLetters,
                new RequestParking(retryRequests, deadLetters, props.retry().delays().size()));
    }

    @Bean
    Failures failures(FailurePolicy failurePolicy) {
        return new Failures(failurePolicy);
    }

    /** Publishes the outcomes and consumes the intake queue in groups; a stopping consumer waits out the grace period. */
    @Bean(name = "broker")
    BrokerComponent broker(ConnectionFactory connectionFactory, PushProperties props,
                           @org.springframework.beans.factory.annotation.Value("${push.shutdown.grace-period:30s}")
                           java.time.Duration gracePeriod) {
        return new BrokerComponent(connectionFactory, props.broker().confirmTimeout(), gracePeriod);
    }

    /**
     * Before the routes start: binds each project's breaker under the name the send-batch template
     * uses and makes one send-batch route per project from the template, so no request can find its
     * project's route missing. Also registers the breaker state gauge.
     */
    @Bean
    CamelContextConfiguration sendBatchRoutes(FcmBreakers breakers, MeterRegistry registry) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                breakers.all().forEach((project, breaker) -> {
                    context.getRegistry().bind(FcmBreakers.beanName(project), breaker);
                    TemplatedRouteBuilder.builder(context, SEND_BATCH_TEMPLATE)
                            .routeId(SEND_BATCH_TEMPLATE + "-" + project)
                            .parameter("project", project)
                            .parameter("breaker", FcmBreakers.beanName(project))
                            .add();
                });
                breakers.all().forEach((project, breaker) ->
                        CircuitStateGauge.register(registry, project, () -> breaker.getState().name()));
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
            }
        };
    }
}

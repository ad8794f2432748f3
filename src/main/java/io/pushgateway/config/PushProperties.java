package io.pushgateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code push.*} setting, typed and validated at start-up. Defaults live in
 * {@code application.yaml} (the YAML routes read the same keys as placeholders).
 */
@Validated
@ConfigurationProperties("push")
public record PushProperties(
        ProviderKind provider,
        @Valid @NotNull Fcm fcm,
        @Valid @NotNull Gcm gcm,
        @Valid @NotNull Retry retry,
        @Valid @NotNull Topology topology,
        @Valid @NotNull Intake intake,
        @Valid @NotNull Http http,
        @Valid @NotNull Breaker breaker,
        @Valid @NotNull Emulator emulator,
        @Valid @NotNull Outcome outcome,
        @Valid @NotNull Broker broker,
        @Valid @NotNull Realtime realtime) {

    /** Which FCM protocol the gateway speaks, or the built-in emulator. */
    public enum ProviderKind { FCM, GCM, EMULATOR }

    public record Fcm(
            @NotBlank String endpoint,
            /* Service-account key file; without it push.provider=fcm uses Application Default Credentials. */
            Path credentials,
            /* Needed with Application Default Credentials; else the key file's project_id is the default. */
            String projectId,
            /* Upper bound of FCM HTTP requests in flight per instance, over all batches and requests. */
            @Min(1) @Max(20000) int concurrency,
            /* Tokens per v1 send batch: the unit the circuit breaker judges (Admin SDK's sendEach takes 500). */
            @Min(1) @Max(1000) int batchSize,
            /* Quota guard: tokens per second this instance sends at most (0 = off); excess waits. */
            @Min(0) long rateLimit,
            /* Further Firebase projects a request can name in "project"; the default project is push.fcm.* itself. */
            Map<String, @Valid Project> projects) {

        public Fcm {
            projects = projects == null ? Map.of() : Map.copyOf(projects);
        }

        /** The name the default project (push.fcm.* itself) goes by in metrics, routes and breakers. */
        public static final String DEFAULT_PROJECT = "default";

        @AssertTrue(message = "push.fcm.projects names must be [a-z0-9]+ and not 'default' (the project of push.fcm.* itself)")
        public boolean isProjectNamesValid() {
            return projects.keySet().stream().allMatch(n -> n.matches("[a-z0-9]+") && !n.equals(DEFAULT_PROJECT));
        }
    }

    /**
     * One more Firebase project (push.fcm.projects.&lt;name&gt;.*): its own service account (and so its
     * own OAuth access tokens), project id, quota guard, and circuit breaker.
     */
    public record Project(Path credentials, String projectId, @Min(0) long rateLimit) {
    }

    public record Gcm(
            @NotBlank String endpoint,
            String apiKey,
            @Min(1) @Max(1000) int batchSize) {

        @Override
        public String toString() {
            return "Gcm[endpoint=" + endpoint + ", apiKey=" + (apiKey == null ? "none" : "<redacted>")
                    + ", batchSize=" + batchSize + "]";
        }
    }

    public record Retry(@NotEmpty List<Duration> delays) {

        @AssertTrue(message = "push.retry.delays must be positive and ascending")
        public boolean isAscending() {
            if (delays == null) {
                return true;
            }
            for (int i = 0; i < delays.size(); i++) {
                if (delays.get(i).isNegative() || delays.get(i).isZero()) {
                    return false;
                }
                if (i > 0 && delays.get(i).compareTo(delays.get(i - 1)) < 0) {
                    return false;
                }
            }
            return true;
        }
    }

    public record Topology(
            @NotBlank String intakeExchange,
            @NotBlank String intakeRoutingKey,
            @NotBlank String intakeQueue,
            @NotNull QueueType intakeQueueType,
            /* Quorum queues only: redeliveries before the broker dead-letters a message (0 = off). */
            @Min(0) int intakeDeliveryLimit,
            @NotBlank String feedbackExchange,
            @NotBlank String tokenUpdateRoutingKey,
            @NotBlank String tokenUpdateQueue,
            @NotBlank String tokenDeleteRoutingKey,
            @NotBlank String tokenDeleteQueue,
            @NotBlank String retryQueuePrefix,
            @NotBlank String deadLetterExchange,
            @NotBlank String deadLetterQueue,
            @NotBlank String deadLetterRoutingKey,
            /* Token update/delete, retry and dead-letter queues: quorum on a cluster, so they survive a node. */
            @DefaultValue("classic") @NotNull QueueType outcomeQueueType) {

        @ConstructorBinding
        public Topology {
        }

        /** The topology with classic outcome queues, as before {@code outcome-queue-type} existed. */
        public Topology(String intakeExchange, String intakeRoutingKey, String intakeQueue, QueueType intakeQueueType,
                int intakeDeliveryLimit, String feedbackExchange, String tokenUpdateRoutingKey, String tokenUpdateQueue,
                String tokenDeleteRoutingKey, String tokenDeleteQueue, String retryQueuePrefix,
                String deadLetterExchange, String deadLetterQueue, String deadLetterRoutingKey) {
            this(intakeExchange, intakeRoutingKey, intakeQueue, intakeQueueType, intakeDeliveryLimit, feedbackExchange,
                    tokenUpdateRoutingKey, tokenUpdateQueue, tokenDeleteRoutingKey, tokenDeleteQueue, retryQueuePrefix,
                    deadLetterExchange, deadLetterQueue, deadLetterRoutingKey, QueueType.CLASSIC);
        }

        /** Name of retry level {@code level}, counted from 1: {@code push.retry.1}. */
        public String retryQueue(int level) {
            return retryQueuePrefix + level;
        }
    }

    public enum QueueType { QUORUM, CLASSIC }

    /**
     * The intake queue's consumers. Each takes a group of up to {@code batchSize} requests (whatever
     * arrived within {@code batchWindow}) through the flow as one exchange and acks it at once.
     */
    public record Intake(
            @Min(1) int consumers,
            @Min(1) int prefetch,
            @Min(1) @Max(5000) int batchSize,
            @NotNull Duration batchWindow,
            @Min(1) int maxTokens,
            @Min(1) int maxPayloadBytes,
            @Min(1) int maxBodyBytes) {
    }

    /**
     * The FCM HTTP client. An https endpoint negotiates HTTP/2 by ALPN (HTTP/1.1 if the server only
     * speaks that); an http endpoint speaks HTTP/1.1 unless {@code version} is {@code h2c} (HTTP/2
     * with prior knowledge, what the embedded emulator uses).
     */
    public record Http(
            @NotNull Duration connectTimeout,
            @NotNull Duration responseTimeout,
            @NotNull HttpVersionChoice version,
            /* HTTP/2 connections to FCM; each carries up to maxStreamsPerConnection requests at once. */
            @Min(1) @Max(64) int connections,
            /* Never above the server's SETTINGS_MAX_CONCURRENT_STREAMS (Google's is about 100). */
            @Min(1) @Max(1000) int maxStreamsPerConnection,
            /* Trust for every HTTPS call to the provider (sends and OAuth tokens) instead of the JVM's:
               a PEM CA file, or a Spring Boot SSL bundle. */
            Path trustCaFile,
            String trustSslBundle) {

        @AssertTrue(message = "push.http.trust-ca-file and push.http.trust-ssl-bundle exclude each other")
        public boolean isOneTrustSource() {
            return trustCaFile == null || trustSslBundle == null || trustSslBundle.isBlank();
        }
    }

    /** {@code auto}: ALPN for https, HTTP/1.1 for http; {@code h2c}: HTTP/2 prior knowledge; {@code http1}: HTTP/1.1 only. */
    public enum HttpVersionChoice { AUTO, H2C, HTTP1 }

    public record Breaker(
            /* The first open state is this short; each failed probe doubles it, up to waitInOpenState. */
            @NotNull Duration firstWaitInOpenState,
            @NotNull Duration waitInOpenState,
            @Min(1) int minimumCalls,
            @Min(1) @Max(100) int failureRateThreshold,
            @Min(1) int slidingWindowSize) {
    }

    /** Camel endpoint URIs of the four outcomes; the defaults publish to the broker topology. */
    public record Outcome(
            @NotBlank String tokenUpdateUri,
            @NotBlank String tokenDeleteUri,
            @NotBlank String retryUri,
            @NotBlank String deadLetterUri) {
    }

    public record Broker(@NotNull Duration confirmTimeout) {
    }

    /**
     * The real-time channel (contract section 6), off by default.
     *
     * @param exchange     the topic exchange declared and published to when enabled
     * @param uri          Camel endpoint of the real-time publishes (confirmed, not mandatory)
     * @param webStompUrl  where the /realtime/ page's browser reaches the broker's Web-STOMP listener
     */
    public record Realtime(boolean enabled, @NotBlank String exchange, @NotBlank String uri,
                           @NotBlank String webStompUrl) {
    }

    public record Emulator(@Min(0) int port, @NotNull Protocol protocol, @NotNull Duration latency) {
        public enum Protocol { V1, LEGACY }
    }

    /** The provider to use: {@code push.provider} when set, else the emulator unless credentials exist. */
    public ProviderKind effectiveProvider() {
        if (provider != null) {
            return provider;
        }
        if (fcm.credentials() != null) {
            return ProviderKind.FCM;
        }
        if (gcm.apiKey() != null && !gcm.apiKey().isBlank()) {
            return ProviderKind.GCM;
        }
        return ProviderKind.EMULATOR;
    }

    /**
     * Without a key file, push.provider=fcm uses Google's Application Default Credentials (workload
     * identity), which say who the gateway is but not which Firebase project it sends for.
     */
    @AssertTrue(message = "push.provider=fcm needs push.fcm.credentials (a service-account JSON file), or "
            + "push.fcm.project-id to use Google's Application Default Credentials (workload identity) instead")
    public boolean isFcmConfigured() {
        return effectiveProvider() != ProviderKind.FCM || fcm.credentials() != null || hasText(fcm.projectId());
    }

    /** Only an explicit push.provider=fcm lets a project use Application Default Credentials (contract section 5). */
    @AssertTrue(message = "push.fcm.projects.<name> needs credentials (a service-account JSON file), or, with "
            + "push.provider=fcm, project-id to use Google's Application Default Credentials (workload identity)")
    public boolean isEveryProjectConfigured() {
        return effectiveProvider() != ProviderKind.FCM || fcm.projects().values().stream()
                .allMatch(p -> p.credentials() != null || (provider == ProviderKind.FCM && hasText(p.projectId())));
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    @AssertTrue(message = "push.fcm.projects is for FCM HTTP v1: the legacy protocol has no projects")
    public boolean isProjectsOnV1Only() {
        boolean legacy = effectiveProvider() == ProviderKind.GCM
                || (effectiveProvider() == ProviderKind.EMULATOR && emulator.protocol() == Emulator.Protocol.LEGACY);
        return !legacy || fcm.projects().isEmpty();
    }

    @AssertTrue(message = "push.provider=gcm needs push.gcm.api-key")
    public boolean isGcmConfigured() {
        return effectiveProvider() != ProviderKind.GCM || (gcm.apiKey() != null && !gcm.apiKey().isBlank());
    }

    /** A copy safe to log or expose: secrets replaced. */
    @Override
    public String toString() {
        return "PushProperties[provider=" + effectiveProvider()
                + ", fcm.endpoint=" + fcm.endpoint()
                + ", fcm.credentials=" + (fcm.credentials() == null ? "none" : "<file>")
                + ", gcm.endpoint=" + gcm.endpoint()
                + ", gcm.api-key=" + (gcm.apiKey() == null ? "none" : "<redacted>")
                + ", gcm.batch-size=" + gcm.batchSize()
                + ", retry.delays=" + retry.delays()
                + ", topology=" + topology + "]";
    }
}

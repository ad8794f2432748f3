package io.pushgateway.provider;

import io.pushgateway.config.PushProperties;
import io.pushgateway.config.PushProperties.ProviderKind;
import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import com.google.auth.http.HttpTransportFactory;
import io.pushgateway.provider.fcm.CredentialsSource;
import io.pushgateway.provider.fcm.GoogleAccessTokens;
import io.pushgateway.provider.fcm.TokenTransport;
import io.pushgateway.provider.http.ProviderTrust;
import io.pushgateway.provider.gcm.LegacyServerKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FCM endpoint the gateway talks to, resolved once at start: the protocol and, per Firebase
 * project, the send URL, credentials and quota guard. With push.provider=emulator it starts the
 * built-in emulator and talks to it exactly as to Google (v1 with a service-account file per
 * project and OAuth, or the legacy protocol). With push.provider=fcm, a project without a
 * credentials file uses Google's Application Default Credentials (workload identity on GKE).
 * Token requests trust what the sends trust ({@link ProviderTrust}).
 */
public final class ProviderRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRuntime.class);
    private static final String EMULATOR_PROJECT = "emulator-project";
    public static final String DEFAULT = PushProperties.Fcm.DEFAULT_PROJECT;

    private final Protocol protocol;
    private final Map<String, FcmProject> projects;
    private final FcmEmulator emulator;

    private ProviderRuntime(Protocol protocol, Map<String, FcmProject> projects, FcmEmulator emulator) {
        this.protocol = protocol;
        this.projects = Map.copyOf(projects);
        this.emulator = emulator;
    }

    /**
     * @param trust              what the token requests trust (the send client is given the same)
     * @param applicationDefault where a project without a credentials file gets its credentials with
     *                           push.provider=fcm: Google's Application Default Credentials, or a
     *                           test's stand-in
     * @param onNewAccessToken   per project name, what to run each time an access token was fetched
     */
    public static ProviderRuntime start(PushProperties props, ProviderTrust trust, CredentialsSource applicationDefault,
                                        Function<String, Runnable> onNewAccessToken) {
        ProviderKind kind = props.effectiveProvider();
        Credentials credentials = new Credentials(TokenTransport.trusting(trust), applicationDefault, onNewAccessToken);
        ProviderRuntime runtime = switch (kind) {
            case FCM -> v1(props, props.fcm().endpoint(), credentials, null);
            case GCM -> new ProviderRuntime(Protocol.LEGACY, Map.of(DEFAULT, new FcmProject(DEFAULT,
                    props.gcm().endpoint(), new LegacyServerKey(props.gcm().apiKey()),
                    TokenRateLimiter.perSecond(props.fcm().rateLimit()))), null);
            case EMULATOR -> emulated(props, credentials);
        };
        runtime.projects.values().forEach(p ->
                LOG.info("FCM provider: {} ({} protocol), project {} at {}", kind, runtime.protocol, p.name(), p.sendUrl()));
        return runtime;
    }

    /** What every v1 project's access tokens are made with. */
    private record Credentials(HttpTransportFactory transport, CredentialsSource applicationDefault,
                               Function<String, Runnable> onNewAccessToken) {
    }

    private static ProviderRuntime emulated(PushProperties props, Credentials credentials) {
        var settings = EmulatorSettings.defaults()
                .withPort(props.emulator().port())
                .withLatency(props.emulator().latency());
        FcmEmulator emulator = FcmEmulator.start(settings);
        try {
            if (props.emulator().protocol() == PushProperties.Emulator.Protocol.LEGACY) {
                return new ProviderRuntime(Protocol.LEGACY, Map.of(DEFAULT, new FcmProject(DEFAULT,
                        emulator.legacySendUrl(), new LegacyServerKey(settings.legacyApiKey()),
                        TokenRateLimiter.perSecond(props.fcm().rateLimit()))), emulator);
            }
            return v1(props, emulator.baseUrl(), credentials, emulator);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /**
     * The default project and every push.fcm.projects entry. Against the emulator a project without
     * a credentials file gets a service account of its own from the emulator (its own client_email);
     * against FCM it uses Application Default Credentials.
     */
    private static ProviderRuntime v1(PushProperties props, String endpoint, Credentials credentials,
                                      FcmEmulator emulator) {
        Map<String, FcmProject> projects = new LinkedHashMap<>();
        String defaultId = props.fcm().projectId() != null && !props.fcm().projectId().isBlank()
                ? props.fcm().projectId() : (emulator != null && props.fcm().credentials() == null ? EMULATOR_PROJECT : null);
        projects.put(DEFAULT, project(DEFAULT, "push.fcm", endpoint, props.fcm().credentials(), defaultId,
                props.fcm().rateLimit(), emulator, credentials));
        props.fcm().projects().forEach((name, settings) -> {
            String id = settings.projectId() != null && !settings.projectId().isBlank() ? settings.projectId()
                    : (emulator != null && settings.credentials() == null ? name : null);
            projects.put(name, project(name, "push.fcm.projects." + name, endpoint, settings.credentials(), id,
                    settings.rateLimit(), emulator, credentials));
        });
        return new ProviderRuntime(Protocol.V1, projects, emulator);
    }

    private static FcmProject project(String name, String prefix, String endpoint, Path credentialsFile,
                                      String projectId, long rateLimit, FcmEmulator keysFrom, Credentials credentials) {
        Path file = credentialsFile == null && keysFrom != null
                ? keysFrom.writeServiceAccountFile(tempDir(name), projectId) : credentialsFile;
        GoogleAccessTokens tokens = file != null
                ? accessTokens(name, CredentialsSource.keyFile(file), credentials, e -> new UncheckedIOException(
                        "Cannot read the FCM service-account file " + file + ": " + e.getMessage(), e))
                : accessTokens(name, credentials.applicationDefault(), credentials, e -> new IllegalStateException(
                        prefix + ".credentials is not set, so FCM project '" + name + "' uses Google's Application "
                        + "Default Credentials, but none were found (" + e.getMessage() + "). Set " + prefix
                        + ".credentials to a service-account key file, or GOOGLE_APPLICATION_CREDENTIALS to one, or "
                        + "run where a workload identity provides them (GKE Workload Identity, a Compute Engine or "
                        + "Cloud Run service account).", e));
        String id = projectId != null && !projectId.isBlank() ? projectId : tokens.projectId();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("project '" + name + "': no project-id is set and the credentials file has no project_id");
        }
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return new FcmProject(name, base + "/v1/projects/" + id + "/messages:send", tokens,
                TokenRateLimiter.perSecond(rateLimit));
    }

    private static GoogleAccessTokens accessTokens(String name, CredentialsSource source, Credentials credentials,
                                                   Function<IOException, RuntimeException> failure) {
        try {
            return new GoogleAccessTokens(name, source, credentials.transport(), credentials.onNewAccessToken().apply(name));
        } catch (IOException e) {
            throw failure.apply(e);
        }
    }

    private static Path tempDir(String project) {
        try {
            return Files.createTempDirectory("push-gateway-emulator-" + project);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Every project by name, the default one ({@value #DEFAULT}) first. */
    public Map<String, FcmProject> projects() {
        return projects;
    }

    /** The project of that name; null when none is configured so. */
    public FcmProject project(String name) {
        return projects.get(name);
    }

    /** The default project's send URL (no credentials in it). */
    public String sendUrl() {
        return projects.get(DEFAULT).sendUrl();
    }

    /** The default project's credentials. */
    public Authorizer authorizer() {
        return projects.get(DEFAULT).authorizer();
    }

    /** The embedded emulator, or null when talking to a real endpoint. */
    public FcmEmulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        if (emulator != null) {
            emulator.close();
        }
    }
}

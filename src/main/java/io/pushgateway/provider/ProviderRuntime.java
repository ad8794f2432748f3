package io.pushgateway.provider;

import io.pushgateway.config.PushProperties;
import io.pushgateway.config.PushProperties.ProviderKind;
import io.pushgateway.emulator.EmulatorSettings;
import io.pushgateway.emulator.FcmEmulator;
import io.pushgateway.provider.fcm.GoogleAccessTokens;
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
 * project and OAuth, or the legacy protocol).
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

    /** {@code onNewAccessToken} gives, per project name, what to run each time an access token was fetched. */
    public static ProviderRuntime start(PushProperties props, Function<String, Runnable> onNewAccessToken) {
        ProviderKind kind = props.effectiveProvider();
        ProviderRuntime runtime = switch (kind) {
            case FCM -> v1(props, props.fcm().endpoint(), null, onNewAccessToken, null);
            case GCM -> new ProviderRuntime(Protocol.LEGACY, Map.of(DEFAULT, new FcmProject(DEFAULT,
                    props.gcm().endpoint(), new LegacyServerKey(props.gcm().apiKey()),
                    TokenRateLimiter.perSecond(props.fcm().rateLimit()))), null);
            case EMULATOR -> emulated(props, onNewAccessToken);
        };
        runtime.projects.values().forEach(p ->
                LOG.info("FCM provider: {} ({} protocol), project {} at {}", kind, runtime.protocol, p.name(), p.sendUrl()));
        return runtime;
    }

    private static ProviderRuntime emulated(PushProperties props, Function<String, Runnable> onNewAccessToken) {
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
            return v1(props, emulator.baseUrl(), emulator, onNewAccessToken, emulator);
        } catch (RuntimeException e) {
            emulator.close();
            throw e;
        }
    }

    /**
     * The default project and every push.fcm.projects entry. Against the emulator a project without
     * a credentials file gets a service account of its own from the emulator (its own client_email).
     */
    private static ProviderRuntime v1(PushProperties props, String endpoint, FcmEmulator keysFrom,
                                      Function<String, Runnable> onNewAccessToken, FcmEmulator emulator) {
        Map<String, FcmProject> projects = new LinkedHashMap<>();
        String defaultId = props.fcm().projectId() != null && !props.fcm().projectId().isBlank()
                ? props.fcm().projectId() : (keysFrom != null && props.fcm().credentials() == null ? EMULATOR_PROJECT : null);
        projects.put(DEFAULT, project(DEFAULT, endpoint, props.fcm().credentials(), defaultId,
                props.fcm().rateLimit(), keysFrom, onNewAccessToken.apply(DEFAULT)));
        props.fcm().projects().forEach((name, settings) -> {
            String id = settings.projectId() != null && !settings.projectId().isBlank() ? settings.projectId()
                    : (keysFrom != null && settings.credentials() == null ? name : null);
            projects.put(name, project(name, endpoint, settings.credentials(), id, settings.rateLimit(), keysFrom,
                    onNewAccessToken.apply(name)));
        });
        return new ProviderRuntime(Protocol.V1, projects, emulator);
    }

    private static FcmProject project(String name, String endpoint, Path credentials, String projectId, long rateLimit,
                                      FcmEmulator keysFrom, Runnable onNewAccessToken) {
        Path file = credentials;
        if (file == null) {
            if (keysFrom == null) {
                throw new IllegalStateException("project '" + name + "' has no credentials file");
            }
            file = keysFrom.writeServiceAccountFile(tempDir(name), projectId);
        }
        GoogleAccessTokens tokens = new GoogleAccessTokens(file, onNewAccessToken);
        String id = projectId != null && !projectId.isBlank() ? projectId : tokens.projectId();
        if (id == null || id.isBlank()) {
            throw new IllegalStateException("project '" + name + "': no project-id is set and the credentials file has no project_id");
        }
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return new FcmProject(name, base + "/v1/projects/" + id + "/messages:send", tokens,
                TokenRateLimiter.perSecond(rateLimit));
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

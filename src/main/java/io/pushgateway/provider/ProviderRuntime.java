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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The FCM endpoint the gateway talks to, resolved once at start: protocol, send URL and
 * credentials. With push.provider=emulator it starts the built-in emulator and talks to it
 * exactly as to Google (v1 with a service-account file and OAuth, or the legacy protocol).
 */
public final class ProviderRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderRuntime.class);
    private static final String EMULATOR_PROJECT = "emulator-project";

    private final Protocol protocol;
    private final String sendUrl;
    private final Authorizer authorizer;
    private final FcmEmulator emulator;

    private ProviderRuntime(Protocol protocol, String sendUrl, Authorizer authorizer, FcmEmulator emulator) {
        this.protocol = protocol;
        this.sendUrl = sendUrl;
        this.authorizer = authorizer;
        this.emulator = emulator;
    }

    public static ProviderRuntime start(PushProperties props, Runnable onNewAccessToken) {
        ProviderKind kind = props.effectiveProvider();
        ProviderRuntime runtime = switch (kind) {
            case FCM -> v1(props.fcm().endpoint(), props.fcm().credentials(), props.fcm().projectId(), null,
                    onNewAccessToken);
            case GCM -> new ProviderRuntime(Protocol.LEGACY, props.gcm().endpoint(),
                    new LegacyServerKey(props.gcm().apiKey()), null);
            case EMULATOR -> emulated(props, onNewAccessToken);
        };
        LOG.info("FCM provider: {} ({} protocol) at {}", kind, runtime.protocol, runtime.sendUrl);
        return runtime;
    }

    private static ProviderRuntime emulated(PushProperties props, Runnable onNewAccessToken) {
        var settings = EmulatorSettings.defaults()
                .withPort(props.emulator().port())
                .withLatency(props.emulator().latency());
        FcmEmulator emulator = FcmEmulator.start(settings);
        try {
            if (props.emulator().protocol() == PushProperties.Emulator.Protocol.LEGACY) {
                return new ProviderRuntime(Protocol.LEGACY, emulator.legacySendUrl(),
                        new LegacyServerKey(settings.legacyApiKey()), emulator);
            }
            Path dir = Files.createTempDirectory("push-gateway-emulator");
            Path credentials = emulator.writeServiceAccountFile(dir, EMULATOR_PROJECT);
            return v1(emulator.baseUrl(), credentials, EMULATOR_PROJECT, emulator, onNewAccessToken);
        } catch (IOException | RuntimeException e) {
            emulator.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static ProviderRuntime v1(String endpoint, Path credentials, String projectId, FcmEmulator emulator,
                                      Runnable onNewAccessToken) {
        GoogleAccessTokens tokens = new GoogleAccessTokens(credentials, onNewAccessToken);
        String project = projectId != null && !projectId.isBlank() ? projectId : tokens.projectId();
        if (project == null || project.isBlank()) {
            throw new IllegalStateException("push.fcm.project-id is not set and the credentials file has no project_id");
        }
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return new ProviderRuntime(Protocol.V1, base + "/v1/projects/" + project + "/messages:send", tokens, emulator);
    }

    public Protocol protocol() {
        return protocol;
    }

    /** Plain URL of the send endpoint (no credentials in it). */
    public String sendUrl() {
        return sendUrl;
    }

    /** The camel-http endpoint URI for the send: FCM's error answers are data, not exceptions. */
    public String sendUri() {
        return sendUrl + "?throwExceptionOnFailure=false";
    }

    public Authorizer authorizer() {
        return authorizer;
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

package io.pushgateway.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A private RabbitMQ node for the real-time channel's tests, started by scripts/private-rabbitmq.sh
 * with the plugins of Debian's package that browsers and apps use: Web-STOMP and MQTT, each on a
 * port of its own on 127.0.0.1 (plain STOMP off), and the OAuth 2 backend after the internal one,
 * trusting an RS256 key made for this run. One per test class ({@link #start}, {@link #stop}); the
 * shared node of the other tests stays without plugins.
 */
public final class RealtimeRabbitNode implements AutoCloseable {

    public static final String KEY_ID = "push-gateway-test";
    /** The OAuth 2 resource server id: every scope starts with it, and tokens name it as audience. */
    public static final String RESOURCE_SERVER = "rabbitmq";

    private final Path dir;
    private final int amqpPort;
    private final int webStompPort;
    private final int mqttPort;
    private final String vhost;
    private final KeyPair signingKey;

    private RealtimeRabbitNode(Path dir, int[] ports, String vhost, KeyPair signingKey) {
        this.dir = dir;
        this.amqpPort = ports[0];
        this.webStompPort = ports[1];
        this.mqttPort = ports[2];
        this.vhost = vhost;
        this.signingKey = signingKey;
    }

    /**
     * Starts a node whose MQTT plugin publishes and subscribes on {@code mqttExchange} in
     * {@code vhost} (created, with full rights for guest: the gateway's user in these tests).
     */
    public static RealtimeRabbitNode start(String vhost, String mqttExchange) {
        int[] ports = freePorts();
        Path dir = TlsRabbitNode.buildDirectory().resolve("rabbitmq-realtime-" + ports[0]);
        try {
            Files.createDirectories(dir);
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair key = generator.generateKeyPair();
            Path publicKey = dir.resolve("jwt-signing-key.pem");
            Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                            key.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            RealtimeRabbitNode node = new RealtimeRabbitNode(dir.resolve("node"), ports, vhost, key);
            node.startNode(publicKey, mqttExchange);
            return node;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot prepare the real-time node", e);
        }
    }

    private void startNode(Path publicKey, String mqttExchange) {
        String conf = String.join("\n",
                "web_stomp.tcp.ip = 127.0.0.1",
                "web_stomp.tcp.port = " + webStompPort,
                "stomp.listeners.tcp = none",
                "mqtt.listeners.tcp.default = 127.0.0.1:" + mqttPort,
                "mqtt.vhost = " + vhost,
                "mqtt.exchange = " + mqttExchange,
                "mqtt.allow_anonymous = false",
                "auth_backends.1 = internal",
                // The short name "oauth2" is refused by 3.10.
                "auth_backends.2 = rabbit_auth_backend_oauth2",
                "auth_oauth2.resource_server_id = " + RESOURCE_SERVER,
                "auth_oauth2.default_key = " + KEY_ID,
                "auth_oauth2.signing_keys." + KEY_ID + " = " + publicKey);
        PrivateRabbitNode.runScriptWith(Map.of("RMQ_EXTRA_CONF", conf,
                        "RMQ_PLUGINS", "rabbitmq_web_stomp,rabbitmq_mqtt,rabbitmq_auth_backend_oauth2"),
                "start", dir.toString(), String.valueOf(amqpPort));
        Await.until("Web-STOMP on 127.0.0.1:" + webStompPort, Duration.ofSeconds(60), () -> accepts(webStompPort));
        Await.until("MQTT on 127.0.0.1:" + mqttPort, Duration.ofSeconds(60), () -> accepts(mqttPort));
        ctlAllowingFailure("add_vhost", vhost);
        ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    public int amqpPort() {
        return amqpPort;
    }

    public int mqttPort() {
        return mqttPort;
    }

    public String vhost() {
        return vhost;
    }

    public String webStompUrl() {
        return "ws://127.0.0.1:" + webStompPort + "/ws";
    }

    /**
     * A browser or MQTT user with the least privilege of contract section 6: its own subscription
     * queues, read on the exchange, and a topic permission that admits only {@code user.<name>}.
     */
    public void addRealtimeUser(String user, String password, String exchange) {
        ctl("add_user", user, password);
        ctl("set_permissions", "-p", vhost, user, "^(stomp|mqtt)-subscription-.*", "^(stomp|mqtt)-subscription-.*",
                "^(" + exchange.replace(".", "\\.") + "|(stomp|mqtt)-subscription-.*)$");
        ctl("set_topic_permissions", "-p", vhost, user, exchange, "^user\\.{username}$", "^user\\.{username}$");
    }

    /** An RS256 access token for {@code user} reading its own key and {@code groups} on {@code exchange}. */
    public String accessToken(String user, String exchange, List<String> groups) {
        List<String> scopes = new ArrayList<>();
        for (String permission : List.of("configure", "write", "read")) {
            scopes.add(RESOURCE_SERVER + "." + permission + ":" + vhost + "/stomp-subscription-*");
        }
        scopes.add(RESOURCE_SERVER + ".read:" + vhost + "/" + exchange + "/user." + user);
        groups.forEach(g -> scopes.add(RESOURCE_SERVER + ".read:" + vhost + "/" + exchange + "/group." + g));
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KEY_ID + "\"}";
        String payload = "{\"sub\":\"" + user + "\",\"aud\":[\"" + RESOURCE_SERVER + "\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + ",\"scope\":["
                + scopes.stream().map(s -> '"' + s + '"').collect(Collectors.joining(",")) + "]}";
        String signed = base64Url(header) + "." + base64Url(payload);
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(signingKey.getPrivate());
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    public String ctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ctl", dir.toString()));
        command.addAll(List.of(args));
        return PrivateRabbitNode.runScriptWith(Map.of(), command.toArray(String[]::new));
    }

    private void ctlAllowingFailure(String... args) {
        try {
            ctl(args);
        } catch (IllegalStateException alreadyThere) {
            // an existing vhost is fine
        }
    }

    /** Stops the node by the pid the script recorded. */
    public void stop() {
        try {
            PrivateRabbitNode.runScriptWith(Map.of(), "stop", dir.toString());
        } catch (RuntimeException e) {
            System.err.println("Could not stop the real-time RabbitMQ node: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** AMQP, Web-STOMP and MQTT ports, plus the script's distribution and epmd ports (+20000, +21000). */
    private static int[] freePorts() {
        for (int i = 0; i < 50; i++) {
            int candidate = 10000 + (int) (Math.random() * 20000);
            if (FreePorts.isFree(candidate) && FreePorts.isFree(candidate + 1) && FreePorts.isFree(candidate + 2)
                    && FreePorts.isFree(candidate + 20000) && FreePorts.isFree(candidate + 21000)) {
                return new int[] {candidate, candidate + 1, candidate + 2};
            }
        }
        throw new IllegalStateException("no free ports found for the real-time node");
    }

}

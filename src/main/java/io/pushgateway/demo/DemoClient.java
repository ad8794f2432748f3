package io.pushgateway.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * The demo's producer and feedback reader: publishes one push request shaped like the seed PHP
 * producer's (text/plain, user → token map), one unreadable request, one request for a second
 * Firebase project and one topic send, then prints every outcome the gateway produced. Run by
 * scripts/demo.sh against a running gateway.
 *
 * <pre>java -Dloader.main=io.pushgateway.demo.DemoClient -jar push-gateway.jar AMQP_PORT EMULATOR_PORT [--realtime]</pre>
 *
 * <p>With {@code --realtime} it also listens on the real-time exchange as an application server
 * would (its own auto-delete queue bound with {@code user.*}) and prints what arrived there.
 */
public final class DemoClient {

    /** Token names pick the emulator's answer (see io.pushgateway.emulator.TokenRules). */
    static final Map<String, String> SAMPLE_TOKENS = new TreeMap<>(Map.of(
            "user-17", "device-token-of-user-17",
            "user-18", "error-UNREGISTERED-uninstalled-app",
            "user-19", "flaky1-phone-with-a-bad-connection",
            "user-20", "error-INVALID_PAYLOAD-rejected-payload"));

    /** One token sent through the second Firebase project (its own service account and breaker). */
    static final String SECOND_PROJECT_REQUEST = "{\"push_code\":\"ORDER_SHIPPED\",\"title\":\"Your order shipped\","
            + "\"project\":\"second\",\"message_id\":\"demo-3\",\"registration_tokens\":{\"user-30\":\"shop-app-token-of-user-30\"}}";

    /** One send to everyone subscribed to a topic. */
    static final String TOPIC_REQUEST = "{\"push_code\":\"BREAKING_NEWS\",\"title\":\"Breaking news\","
            + "\"topic\":\"breaking-news\",\"message_id\":\"demo-4\"}";

    private DemoClient() {
    }

    public static void main(String[] args) throws Exception {
        // Only the demo's own lines: connection chatter of the AMQP client is noise here.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int amqpPort = Integer.parseInt(args[0]);
        int emulatorPort = Integer.parseInt(args[1]);
        CachingConnectionFactory connections = new CachingConnectionFactory("127.0.0.1", amqpPort);
        try {
            RabbitTemplate rabbit = new RabbitTemplate(connections);
            boolean realtime = args.length > 2 && "--realtime".equals(args[2]);
            String realtimeQueue = realtime ? listenOnRealtimeExchange(rabbit) : null;
            String request = sampleRequest();
            System.out.println("Publishing to exchange 'push', key 'push.send' (content_type text/plain):");
            System.out.println("  " + request);
            rabbit.send("push", "push.send", message(request, "demo-1"));
            System.out.println("Publishing an unreadable request (message_id demo-2): not JSON at all");
            rabbit.send("push", "push.send", message("this is not JSON", "demo-2"));
            // scripts/demo.sh configures a second Firebase project, "second" (project id second-project).
            System.out.println("Publishing a request for the second Firebase project (message_id demo-3):");
            System.out.println("  " + SECOND_PROJECT_REQUEST);
            rabbit.send("push", "push.send", message(SECOND_PROJECT_REQUEST, "demo-3"));
            System.out.println("Publishing a topic send (message_id demo-4):");
            System.out.println("  " + TOPIC_REQUEST);
            rabbit.send("push", "push.send", message(TOPIC_REQUEST, "demo-4"));

            List<String> lines = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            int expected = 3; // one token-delete event, two dead letters
            while (lines.size() < expected && System.nanoTime() < deadline) {
                read(rabbit, "push.token.updates", "token-update", lines);
                read(rabbit, "push.token.deletes", "token-delete", lines);
                read(rabbit, "push.dead", "dead-letter", lines);
            }
            // The flaky token comes back from the first retry level after about a second.
            // user-17, the flaky token, the second project's token and the topic.
            var stats = awaitDeliveries(emulatorPort, 4, Duration.ofSeconds(15));
            System.out.println();
            System.out.println("Outcomes:");
            lines.forEach(l -> System.out.println("  " + l));
            System.out.println("  delivered (as seen by the FCM emulator): " + stats.path("deliveries"));
            System.out.println("  delivered per Firebase project: " + perProject(stats));
            System.out.println("  delivered per kind of target: " + stats.path("deliveriesByKind"));
            if (realtimeQueue != null) {
                printRealtimeMessages(rabbit, realtimeQueue);
            }
            if (lines.size() < expected) {
                System.out.println("Not every outcome arrived in time; see the gateway log.");
                System.exit(1);
            }
        } finally {
            connections.destroy();
        }
    }

    /** A server-named, exclusive, auto-delete queue on push.realtime: the per-instance-queue pattern. */
    private static String listenOnRealtimeExchange(RabbitTemplate rabbit) {
        return rabbit.execute(channel -> {
            String queue = channel.queueDeclare("", false, true, true, null).getQueue();
            channel.queueBind(queue, "push.realtime", "user.*");
            return queue;
        });
    }

    private static void printRealtimeMessages(RabbitTemplate rabbit, String queue) {
        System.out.println();
        System.out.println("Real-time messages (push.realtime, as an application server bound with user.* got them):");
        // basic.get, not a consumer: cancelling a consumer would make the broker delete the auto-delete queue.
        int shown = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        // The sample's users and user-30 of the second project's request.
        while (shown < SAMPLE_TOKENS.size() + 1 && System.nanoTime() < deadline) {
            Message m = rabbit.receive(queue);
            if (m == null) {
                pause();
                continue;
            }
            shown++;
            System.out.println("  realtime [" + m.getMessageProperties().getReceivedRoutingKey() + "] "
                    + new String(m.getBody(), StandardCharsets.UTF_8));
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String sampleRequest() {
        StringBuilder tokens = new StringBuilder("{");
        SAMPLE_TOKENS.forEach((user, token) -> tokens.append(tokens.length() > 1 ? "," : "")
                .append('"').append(user).append("\":\"").append(token).append('"'));
        tokens.append('}');
        return "{\"push_code\":\"COMMENT_REPLY\",\"title\":\"New reply\",\"body\":\"Someone answered your comment\","
                + "\"icon\":\"ic_launcher\",\"data\":{\"post_id\":42,\"kind\":\"reply\"},\"priority\":\"high\","
                + "\"ttl_seconds\":3600,\"message_id\":\"demo-1\",\"registration_tokens\":" + tokens + "}";
    }

    private static Message message(String body, String messageId) {
        MessageProperties props = new MessageProperties();
        props.setContentType("text/plain");
        props.setType("push");
        props.setMessageId(messageId);
        return new Message(body.getBytes(StandardCharsets.UTF_8), props);
    }

    private static void read(RabbitTemplate rabbit, String queue, String label, List<String> lines) {
        Message m = rabbit.receive(queue, 200);
        if (m == null) {
            return;
        }
        StringBuilder line = new StringBuilder(label).append(" [").append(queue).append("] ");
        Object error = m.getMessageProperties().getHeaders().get("x-push-error");
        if (error != null) {
            line.append("x-push-error=").append(error).append(" detail=\"")
                    .append(m.getMessageProperties().getHeaders().get("x-push-error-detail")).append("\" ");
        }
        line.append(new String(m.getBody(), StandardCharsets.UTF_8));
        lines.add(line.toString());
    }

    /** The emulator's stats once {@code count} targets were delivered (or when time is up). */
    private static JsonNode awaitDeliveries(int emulatorPort, int count, Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest stats = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + emulatorPort + "/emulator/stats"))
                .GET().build();
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode json = new ObjectMapper().createObjectNode();
        while (System.nanoTime() < deadline) {
            json = new ObjectMapper().readTree(http.send(stats, HttpResponse.BodyHandlers.ofString()).body());
            if (json.path("deliveries").size() >= count) {
                return json;
            }
            Thread.sleep(200);
        }
        return json;
    }

    /** Project id → deliveries, e.g. {@code {"emulator-project":3,"second-project":1}}. */
    private static String perProject(JsonNode stats) {
        Map<String, Long> deliveries = new TreeMap<>();
        stats.path("projects").properties().forEach(p -> deliveries.put(p.getKey(), p.getValue().path("deliveries").asLong()));
        return new ObjectMapper().valueToTree(deliveries).toString();
    }
}

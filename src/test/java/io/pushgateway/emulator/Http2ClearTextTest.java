package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.GoAway;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cleartext HTTP/2 (h2c) on the emulator's port, driven by Vert.x's own HTTP client. */
class Http2ClearTextTest {

    private static final String PROJECT = "h2c-project";

    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.serving(PROJECT);

    /** Only for the test of the stream limit: this one advertises 7 streams instead of Google's 100. */
    @RegisterExtension
    static final RunningEmulator narrow = RunningEmulator.builder().maxConcurrentStreams(7).build();

    private static final EmulatorHttp http = new EmulatorHttp();
    private static Vertx vertx;
    private HttpClient client;

    /** One answer as the client saw it, with the connection that carried it. */
    private record Answer(int status, String body, HttpVersion version, HttpConnection connection) {
    }

    @BeforeAll
    static void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopVertx() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @BeforeEach
    void openPriorKnowledgeClient() {
        client = h2cClient(false);
    }

    @AfterEach
    void closeClient() throws Exception {
        await(client.close());
    }

    @Test
    void aPriorKnowledgeClientGetsTheSameV1AnswersAsAnHttp11Client() throws Exception {
        String unregistered = TokenRules.errorToken("UNREGISTERED", unique("h2"));

        Answer delivered = sendV1(client, unique("h2-device"));
        Answer refused = sendV1(client, unregistered);

        assertThat(delivered.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(EmulatorHttp.parse(delivered.body()).get("name").asText())
                .matches("projects/h2c-project/messages/0:\\d+%[0-9a-f]{16}");
        HttpResponse<String> overHttp11 = http.post(fcm.emulator().v1SendUrl(PROJECT), v1Body(unregistered),
                "Authorization", "Bearer " + fcm.bearer(), "Content-Type", "application/json");
        assertThat(refused.status()).isEqualTo(overHttp11.statusCode()).isEqualTo(404);
        assertThat(EmulatorHttp.parse(refused.body())).isEqualTo(EmulatorHttp.json(overHttp11));
        assertThat(fcm.emulator().stats().attempts(unregistered)).isEqualTo(2);
    }

    @Test
    void aClientThatUpgradesFromHttp11GetsHttp2Too() throws Exception {
        HttpClient upgrading = h2cClient(true);
        try {
            Answer first = sendV1(upgrading, unique("upgraded"));
            Answer second = sendV1(upgrading, unique("upgraded"));

            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.version()).isEqualTo(HttpVersion.HTTP_2);
        } finally {
            await(upgrading.close());
        }
    }

    @Test
    void advertisesOneHundredConcurrentStreamsPerConnectionLikeGoogle() throws Exception {
        Answer answer = sendV1(client, unique("settings"));

        assertThat(answer.connection().remoteSettings().getMaxConcurrentStreams()).isEqualTo(100);
    }

    @Test
    void advertisesTheConfiguredConcurrentStreams() throws Exception {
        Answer answer = await(client.request(new RequestOptions().setMethod(HttpMethod.GET)
                        .setPort(narrow.emulator().port()).setURI("/emulator/outage"))
                .compose(request -> request.send().compose(response -> response.body().map(body ->
                        new Answer(response.statusCode(), body.toString(), response.version(), request.connection())))));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.connection().remoteSettings().getMaxConcurrentStreams()).isEqualTo(7);
    }

    @Test
    void theGoAwayEndpointSendsGoAwayAndANewConnectionWorks() throws Exception {
        Answer before = sendV1(client, unique("before-goaway"));
        CompletableFuture<GoAway> goAway = new CompletableFuture<>();
        before.connection().goAwayHandler(goAway::complete);

        HttpResponse<String> confirmation = http.post(fcm.baseUrl() + "/emulator/goaway", "{}");

        assertThat(confirmation.statusCode()).isEqualTo(200);
        assertThat(goAway.get(10, TimeUnit.SECONDS).getErrorCode()).isZero();
        Answer after = sendV1(client, unique("after-goaway"));
        assertThat(after.status()).isEqualTo(200);
        assertThat(after.connection()).isNotSameAs(before.connection());
    }

    @Test
    void goAwayClosesAnIdleHttp11KeepAliveConnection() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(fcm.emulator().port())) {
            connection.send("GET /emulator/outage HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(connection.read().status()).isEqualTo(200);

            fcm.emulator().goAway();

            assertThat(connection.closedByServer()).isTrue();
        }
    }

    private static HttpClient h2cClient(boolean upgrade) {
        return vertx.createHttpClient(new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(upgrade)
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(fcm.emulator().port()));
    }

    private static Answer sendV1(HttpClient via, String token) throws Exception {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST)
                .setURI("/v1/projects/" + PROJECT + "/messages:send")
                .putHeader("Authorization", "Bearer " + fcm.bearer())
                .putHeader("Content-Type", "application/json");
        return await(via.request(options).compose(request -> request.send(Buffer.buffer(v1Body(token)))
                .compose(response -> response.body().map(body ->
                        new Answer(response.statusCode(), body.toString(), response.version(), request.connection())))));
    }

    private static String v1Body(String token) {
        return "{\"message\":{\"token\":\"" + token + "\",\"notification\":{\"title\":\"t\",\"body\":\"b\"}}}";
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}

package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/1.1 framing of the emulator's own server, driven by hand over plain sockets. */
class EmulatorHttpServerTest {

    private static final String KEY = EmulatorSettings.DEFAULT_LEGACY_API_KEY;
    @RegisterExtension
    static final RunningEmulator fcm = RunningEmulator.builder().latency(Duration.ofMillis(5)).build();

    @Test
    void answersSeveralRequestsOnOneKeepAliveConnection() throws Exception {
        try (RawHttpConnection connection = connect()) {
            for (int i = 0; i < 3; i++) {
                connection.send(legacySend("keep-" + i, ""));

                RawHttpConnection.Answer answer = connection.read();

                assertThat(answer.status()).isEqualTo(200);
                assertThat(answer.body()).contains("\"success\":1");
                assertThat(answer.headers()).containsKey("date").doesNotContainKey("connection");
            }
        }
    }

    @Test
    void answersPipelinedRequestsInTheirOrder() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send(legacySend("first", "") + legacySend("error-UNREGISTERED-second", "")
                    + legacySend("third", ""));

            assertThat(connection.read().body()).contains("\"success\":1");
            assertThat(connection.read().body()).contains("\"error\":\"NotRegistered\"");
            assertThat(connection.read().body()).contains("\"success\":1");
        }
    }

    @Test
    void waitsForARequestSentInPieces() throws Exception {
        String request = legacySend("in-pieces", "");
        try (RawHttpConnection connection = connect()) {
            for (int i = 0; i < request.length(); i += 7) {
                connection.send(request.substring(i, Math.min(request.length(), i + 7)));
                Thread.sleep(1);
            }

            assertThat(connection.read().status()).isEqualTo(200);
        }
        assertThat(fcm.emulator().stats().attempts("in-pieces")).isEqualTo(1);
    }

    @Test
    void decodesAChunkedRequestBody() throws Exception {
        String body = "{\"to\":\"chunked-device\"}";
        try (RawHttpConnection connection = connect()) {
            connection.send("POST /fcm/send HTTP/1.1\r\nHost: x\r\nAuthorization: key=" + KEY + "\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(5) + "\r\n" + body.substring(0, 5) + "\r\n"
                    + Integer.toHexString(body.length() - 5) + ";ext=1\r\n" + body.substring(5) + "\r\n"
                    + "0\r\n\r\n");

            assertThat(connection.read().body()).contains("\"success\":1");
        }
        assertThat(fcm.emulator().stats().deliveries("chunked-device")).isEqualTo(1);
    }

    @Test
    void sendsOneHundredContinueBeforeTheBodyIsSent() throws Exception {
        String body = "{\"to\":\"continue-device\"}";
        try (RawHttpConnection connection = connect()) {
            connection.send("POST /fcm/send HTTP/1.1\r\nHost: x\r\nAuthorization: key=" + KEY + "\r\n"
                    + "Expect: 100-continue\r\nContent-Length: " + body.length() + "\r\n\r\n");

            assertThat(connection.read().status()).isEqualTo(100);
            connection.send(body);
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void answersHeadWithTheHeadOnly() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send("HEAD /fcm/send HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttpConnection.Answer answer = connection.read(true);

            assertThat(answer.status()).isEqualTo(405);
            assertThat(answer.headers().get("content-length")).isEqualTo("18");
            // The next answer starts right away: no body bytes were sent for the HEAD.
            connection.send(legacySend("after-head", ""));
            assertThat(connection.read().status()).isEqualTo(200);
        }
    }

    @Test
    void refusesAMalformedRequestAndCloses() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send("this is not http\r\n\r\n");

            RawHttpConnection.Answer answer = connection.read();

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.headers().get("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void closesAfterAnsweringWhenTheClientAsksTo() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send(legacySend("closing", "Connection: close\r\n"));

            RawHttpConnection.Answer answer = connection.read();

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.headers().get("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void closesAfterAnHttp10RequestWithoutKeepAlive() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send(legacySend("old-client", "").replace("HTTP/1.1", "HTTP/1.0"));

            assertThat(connection.read().status()).isEqualTo(200);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void stillAnswersAClientThatClosedItsSendingSide() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send(legacySend("half-closed", ""));
            connection.shutdownOutput();

            assertThat(connection.read().status()).isEqualTo(200);
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void answersPathsWithoutARouteWith404() throws Exception {
        try (RawHttpConnection connection = connect()) {
            connection.send("GET /nowhere?x=1 HTTP/1.1\r\nHost: x\r\n\r\n");

            RawHttpConnection.Answer answer = connection.read();

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.headers().get("content-type")).startsWith("text/html");
        }
    }

    private static RawHttpConnection connect() throws Exception {
        return new RawHttpConnection(fcm.emulator().port());
    }

    private static String legacySend(String token, String extraHeaders) {
        String body = "{\"to\":\"" + token + "\"}";
        return "POST /fcm/send HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: key=" + KEY + "\r\n"
                + "Content-Type: application/json\r\n" + extraHeaders
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }
}

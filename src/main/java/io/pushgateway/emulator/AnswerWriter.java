package io.pushgateway.emulator;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes an {@link HttpAnswer} as the response to a request, head and body in one go, with the
 * headers Google's front ends send on every answer (Date, Content-Type, Content-Length). Runs on
 * the request's event loop.
 */
final class AnswerWriter {

    /** IMF-fixdate (RFC 9110): two-digit day, always GMT. */
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    /** The Date header of one second, shared by the event loops: formatting it per answer would cost more than the answer. */
    private record DateOfSecond(long second, String text) {
    }

    private static volatile DateOfSecond date = new DateOfSecond(-1, "");

    private AnswerWriter() {
    }

    /**
     * Writes {@code answer}; a HEAD request gets the head only. {@code close} (HTTP/1.1 only)
     * announces that the connection ends after this answer and closes it once the answer is out.
     */
    static void write(HttpServerRequest request, HttpAnswer answer, boolean close) {
        HttpServerResponse response = request.response();
        response.setStatusCode(answer.status());
        MultiMap headers = response.headers();
        headers.set(HttpHeaders.DATE, currentDate());
        headers.set(HttpHeaders.CONTENT_TYPE, answer.contentType());
        answer.headers().forEach(headers::set);
        boolean closeConnection = close && request.version() != HttpVersion.HTTP_2;
        if (closeConnection) {
            headers.set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
        var written = request.method() == HttpMethod.HEAD
                ? response.putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(answer.body().length)).end()
                : response.end(Buffer.buffer(answer.body()));
        if (closeConnection) {
            written.onComplete(done -> request.connection().close());
        }
    }

    private static String currentDate() {
        long second = System.currentTimeMillis() / 1000;
        DateOfSecond current = date;
        if (current.second() != second) {
            current = new DateOfSecond(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
            date = current;
        }
        return current.text();
    }
}

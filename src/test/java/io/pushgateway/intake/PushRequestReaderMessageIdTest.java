package io.pushgateway.intake;

import static io.pushgateway.intake.ReaderTesting.bytes;
import static io.pushgateway.intake.ReaderTesting.validRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The correlation id: the JSON one, else the AMQP one, else a generated one. */
class PushRequestReaderMessageIdTest {

    private final AtomicInteger generated = new AtomicInteger();
    private final PushRequestReader reader =
            new PushRequestReader(IntakeLimits.defaults(), () -> "gen-" + generated.incrementAndGet());

    @Test
    void prefersTheMessageIdInTheJson() {
        ObjectNode request = validRequest();
        request.put("message_id", "json-id");

        assertThat(reader.read(bytes(request), "amqp-id").messageId()).isEqualTo("json-id");
        assertThat(generated).hasValue(0);
    }

    @Test
    void fallsBackToTheAmqpMessageId() {
        assertThat(reader.read(bytes(validRequest()), "amqp-id").messageId()).isEqualTo("amqp-id");
        assertThat(generated).hasValue(0);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "  "})
    void generatesAnIdWhenNeitherJsonNorAmqpHasOne(String amqpMessageId) {
        assertThat(reader.read(bytes(validRequest()), amqpMessageId).messageId()).isEqualTo("gen-1");
    }

    @Test
    void generatesAFreshIdForEveryRequestWithoutOne() {
        assertThat(reader.read(bytes(validRequest()), null).messageId()).isEqualTo("gen-1");
        assertThat(reader.read(bytes(validRequest()), null).messageId()).isEqualTo("gen-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void treatsABlankJsonMessageIdAsAbsent(String blank) {
        ObjectNode request = validRequest();
        request.put("message_id", blank);

        assertThat(reader.read(bytes(request), "amqp-id").messageId()).isEqualTo("amqp-id");
    }

    @Test
    void treatsANullJsonMessageIdAsAbsent() {
        ObjectNode request = validRequest();
        request.putNull("message_id");

        assertThat(reader.read(bytes(request), "amqp-id").messageId()).isEqualTo("amqp-id");
    }

    /** Every event carries it as the AMQP message_id, a short string: 255 bytes at most. */
    @Test
    void keepsAMessageIdOf255BytesAndRefusesOneOfMore() {
        ObjectNode fits = validRequest();
        fits.put("message_id", "m".repeat(253) + "é");
        ObjectNode tooLong = validRequest();
        tooLong.put("message_id", "m".repeat(254) + "é");

        assertThat(reader.read(bytes(fits), "amqp-id").messageId()).hasSize(254);
        assertThat(ReaderTesting.rejectionOf(reader, bytes(tooLong)))
                .satisfies(refused -> assertThat(refused.errorCode()).isEqualTo("invalid-request"))
                .hasMessageStartingWith("message_id is 256 bytes of UTF-8");
    }
}

package io.pushgateway.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.core.InvalidPushRequestException;
import io.pushgateway.core.PushRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * processing-error is a bug by definition: whatever a producer sends, the reader either reads a request
 * the send path can take, or refuses it with a documented code. Every field absent, null, empty or of
 * the wrong type ({@link RequestFuzz}), over every recipient shape, on both protocols, channel on and off.
 */
class PushRequestReaderFuzzTest {

    @ParameterizedTest(name = "legacy={0}, realtime={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void everyGeneratedRequestIsReadOrRefusedWithADocumentedCode(boolean legacy, boolean realtime) {
        PushRequestReader reader = PushRequestReader.of(IntakeLimits.defaults(), BodyDigest::messageId, legacy, realtime);
        List<String> undocumented = new ArrayList<>();
        for (RequestFuzz.Case fuzz : RequestFuzz.cases()) {
            try {
                PushRequest request = reader.read(fuzz.body(), null);
                String problem = problemWith(request, realtime);
                if (problem != null) {
                    undocumented.add(fuzz + ": read, but " + problem);
                }
            } catch (InvalidPushRequestException refused) {
                if (!RequestFuzz.DOCUMENTED_CODES.contains(refused.errorCode()) || refused.getMessage() == null) {
                    undocumented.add(fuzz + ": refused as " + refused.errorCode() + " without a detail");
                }
            } catch (RuntimeException bug) {
                undocumented.add(fuzz + ": threw " + bug);
            }
        }
        assertThat(undocumented).isEmpty();
    }

    /** What a request the reader accepted must hold, so the send path has something to do with it. */
    private static String problemWith(PushRequest request, boolean realtime) {
        if (request.messageId() == null || request.messageId().isBlank()) {
            return "it has no message id";
        }
        if (request.messageId().getBytes(StandardCharsets.UTF_8).length > 255) {
            return "its message id does not fit an AMQP message_id (255 bytes), so none of its messages could be published";
        }
        if (request.tokens().isEmpty() && !(realtime && !request.recipients().isEmpty())) {
            return "it names no device, and no real-time recipient with the channel on";
        }
        if (request.tokens().stream().anyMatch(t -> t.token() == null || t.token().isBlank())) {
            return "a target is blank";
        }
        return null;
    }
}

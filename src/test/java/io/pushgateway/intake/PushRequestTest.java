package io.pushgateway.intake;

import static io.pushgateway.intake.ReaderTesting.JSON;
import static io.pushgateway.intake.ReaderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PushRequest#withTokens}: the request as received, reduced to some of its tokens. */
class PushRequestTest {

    private static final String LIST_FORM = """
            {"title":"hi","tenant":{"id":7},"ttl_seconds":60,"price":1.50,
             "registration_tokens":["tok-a","tok-b","tok-c"]}""";

    private static final String MAP_FORM = """
            {"title":"hi","tenant":{"id":7},
             "registration_tokens":{"user-17":"tok-a","user-18":"tok-b","user-19":"tok-c"}}""";

    @Test
    void reducesTheListFormToTheGivenTokensKeepingUnknownFields() throws Exception {
        PushRequest request = read(LIST_FORM);

        ObjectNode reduced = request.withTokens(List.of(request.tokens().get(2), request.tokens().get(0)));

        assertThat(reduced.get("registration_tokens")).isEqualTo(JSON.readTree("[\"tok-c\",\"tok-a\"]"));
        assertThat(reduced.get("tenant")).isEqualTo(JSON.readTree("{\"id\":7}"));
        assertThat(reduced.get("ttl_seconds").intValue()).isEqualTo(60);
        assertThat(reduced.get("title").textValue()).isEqualTo("hi");
    }

    @Test
    void reducesTheMapFormToTheGivenTokensUnderTheirUsers() throws Exception {
        PushRequest request = read(MAP_FORM);

        ObjectNode reduced = request.withTokens(List.of(request.tokens().get(1)));

        assertThat(reduced.get("registration_tokens")).isEqualTo(JSON.readTree("{\"user-18\":\"tok-b\"}"));
        assertThat(reduced.get("tenant")).isEqualTo(JSON.readTree("{\"id\":7}"));
    }

    @Test
    void leavesTheOriginalUntouched() throws Exception {
        PushRequest request = read(MAP_FORM);
        JsonNode before = request.original().deepCopy();

        request.withTokens(List.of(request.tokens().get(0)));

        assertThat(request.original()).isEqualTo(before);
    }

    @Test
    void writesDecimalsBackAsTheProducerWroteThem() throws Exception {
        PushRequest request = read(LIST_FORM);

        String reduced = JSON.writeValueAsString(request.withTokens(request.tokens()));

        assertThat(reduced).contains("\"price\":1.50");
    }

    @Test
    void readsItsOwnReducedRequestBackInTheSameForm() throws Exception {
        PushRequest request = read(MAP_FORM);

        PushRequest retried = read(JSON.writeValueAsString(request.withTokens(request.tokens().subList(1, 3))));

        assertThat(retried.tokensAsMap()).isTrue();
        assertThat(retried.tokens()).containsExactly(new DeviceToken("user-18", "tok-b"), new DeviceToken("user-19", "tok-c"));
    }
}

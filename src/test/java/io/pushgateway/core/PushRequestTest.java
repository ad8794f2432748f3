package io.pushgateway.core;

import static io.pushgateway.intake.ReaderTesting.JSON;
import static io.pushgateway.intake.ReaderTesting.read;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
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

    @Test
    void keepsInstallationIdsAsInstallationIdsInTheirListForm() throws Exception {
        PushRequest request = read("{\"title\":\"hi\",\"installation_ids\":[\"fid-a\",\"fid-b\"],\"project\":\"shop\"}");

        ObjectNode reduced = request.withTokens(List.of(request.tokens().get(1)));

        assertThat(reduced.get("installation_ids")).isEqualTo(JSON.readTree("[\"fid-b\"]"));
        assertThat(reduced.has("registration_tokens")).isFalse();
        assertThat(reduced.get("project").textValue()).isEqualTo("shop");
    }

    @Test
    void keepsInstallationIdsInTheirMapFormAndReadsBackAsIds() throws Exception {
        PushRequest request = read("{\"title\":\"hi\",\"installation_ids\":{\"user-17\":\"fid-a\",\"user-18\":\"fid-b\"}}");

        PushRequest retried = read(JSON.writeValueAsString(request.withTokens(List.of(request.tokens().get(0)))));

        assertThat(retried.target()).isEqualTo(TargetKind.FID);
        assertThat(retried.tokensAsMap()).isTrue();
        assertThat(retried.tokens()).containsExactly(new DeviceToken("user-17", "fid-a"));
    }

    @Test
    void keepsATopicRequestAsItWas() throws Exception {
        PushRequest request = read("{\"title\":\"hi\",\"topic\":\"news\",\"validate_only\":true,\"apns\":{\"x\":1}}");

        ObjectNode reduced = request.withTokens(request.tokens());

        assertThat(reduced).isEqualTo(request.original());
    }

    @Test
    void keepsTheFieldOrderOfTheRequestAsReceived() {
        PushRequest request = read("{\"title\":\"hi\",\"registration_tokens\":[\"tok-a\",\"tok-b\"],\"tenant\":\"x\"}");

        ObjectNode reduced = request.withTokens(List.of(request.tokens().get(0)));

        assertThat(reduced.properties()).extracting(Map.Entry::getKey).containsExactly("title", "registration_tokens", "tenant");
    }

    /** With the whole request deep-copied first, every reduction of a 100,000-token request copied its list. */
    @Test
    void neverCopiesTheTargetListAsReceived() {
        ArrayNode tokensThatRefuseToBeCopied = new ArrayNode(JsonNodeFactory.instance) {
            @Override
            public ArrayNode deepCopy() {
                throw new AssertionError("the target list as received was copied");
            }
        };
        tokensThatRefuseToBeCopied.add("tok-a").add("tok-b");
        ObjectNode original = JSON.createObjectNode().put("title", "hi");
        original.set("registration_tokens", tokensThatRefuseToBeCopied);
        original.putObject("tenant").put("id", 7);
        PushRequest request = new PushRequest("m", null, "hi", null, null, null, Map.of(), null, null, null,
                List.of(new DeviceToken(null, "tok-a"), new DeviceToken(null, "tok-b")), false, original);

        ObjectNode reduced = request.withTokens(List.of(request.tokens().get(1)));

        assertThat(reduced.get("registration_tokens")).hasSize(1);
        assertThat(reduced.get("tenant")).isEqualTo(original.get("tenant")).isNotSameAs(original.get("tenant"));
    }
}

package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import java.util.List;

/**
 * One unit of Camel work on the send path: up to push.fcm.batch-size tokens (v1, one HTTP request
 * each, bodies made from {@code v1} just before each is sent) or up to push.gcm.batch-size tokens
 * (legacy, one multicast request with {@code legacyBody}). Exactly one of the two is set.
 */
public record SendBatch(List<DeviceToken> tokens, FcmV1RequestBuilder.Prepared v1, byte[] legacyBody) {

    public static SendBatch v1(List<DeviceToken> tokens, FcmV1RequestBuilder.Prepared prepared) {
        return new SendBatch(tokens, prepared, null);
    }

    public static SendBatch legacy(List<DeviceToken> tokens, byte[] body) {
        return new SendBatch(tokens, null, body);
    }

    public int size() {
        return tokens.size();
    }
}

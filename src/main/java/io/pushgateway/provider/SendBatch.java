package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import io.pushgateway.intake.TargetKind;
import io.pushgateway.provider.fcm.FcmV1RequestBuilder;
import java.util.List;

/**
 * One unit of Camel work on the send path, for one Firebase project: up to push.fcm.batch-size
 * targets (v1, one HTTP request each, bodies made from {@code v1} just before each is sent) or up
 * to push.gcm.batch-size tokens (legacy, one multicast request with {@code legacyBody}). Exactly
 * one of {@code v1} and {@code legacyBody} is set; {@code kind} says what the targets are.
 */
public record SendBatch(FcmProject project, TargetKind kind, List<DeviceToken> tokens,
                        FcmV1RequestBuilder.Prepared v1, byte[] legacyBody) {

    public static SendBatch v1(FcmProject project, TargetKind kind, List<DeviceToken> tokens,
                               FcmV1RequestBuilder.Prepared prepared) {
        return new SendBatch(project, kind, tokens, prepared, null);
    }

    public static SendBatch legacy(FcmProject project, TargetKind kind, List<DeviceToken> tokens, byte[] body) {
        return new SendBatch(project, kind, tokens, null, body);
    }

    public int size() {
        return tokens.size();
    }
}

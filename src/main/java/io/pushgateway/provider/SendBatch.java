package io.pushgateway.provider;

import io.pushgateway.intake.DeviceToken;
import java.util.List;

/** One HTTP send: the tokens it carries and the JSON body. v1 batches hold one token. */
public record SendBatch(List<DeviceToken> tokens, byte[] body) {
}

package io.pushgateway.emulator;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids in FCM's own format ({@code 0:<time-ish number>%<sender-ish hex>}), unique within one emulator
 * because the number part comes from a counter.
 */
final class MessageIds {

    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1000);
    private final String instanceSuffix;

    MessageIds() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        instanceSuffix = HexFormat.of().formatHex(random);
    }

    String next() {
        return "0:" + sequence.incrementAndGet() + "%" + instanceSuffix;
    }

    /** Real multicast ids are int64 values beyond 2^53, which catches clients parsing them as doubles. */
    long nextMulticastId() {
        return ThreadLocalRandom.current().nextLong(1L << 53, Long.MAX_VALUE);
    }
}

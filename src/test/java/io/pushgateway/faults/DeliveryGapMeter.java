package io.pushgateway.faults;

import io.pushgateway.emulator.FcmEmulator;

/**
 * Watches the emulator's delivery count (every 20 ms) and keeps the longest stretch in which it did
 * not move: how long a fault stopped deliveries. Only stretches between two deliveries count, so
 * the gateways' start-up before the first one and the idle time after the last one do not.
 */
final class DeliveryGapMeter implements AutoCloseable {

    private static final long POLL_MILLIS = 20;

    private final FcmEmulator emulator;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long longestGapMillis;

    private DeliveryGapMeter(FcmEmulator emulator) {
        this.emulator = emulator;
        this.thread = new Thread(this::watch, "delivery-gap-meter");
        thread.setDaemon(true);
    }

    static DeliveryGapMeter start(FcmEmulator emulator) {
        DeliveryGapMeter meter = new DeliveryGapMeter(emulator);
        meter.thread.start();
        return meter;
    }

    private void watch() {
        long lastCount = 0;
        long lastMove = 0;
        while (running) {
            long count = emulator.stats().totalDeliveries();
            long now = System.nanoTime();
            if (count != lastCount) {
                if (lastCount > 0) {
                    longestGapMillis = Math.max(longestGapMillis, (now - lastMove) / 1_000_000);
                }
                lastCount = count;
                lastMove = now;
            }
            GatewayProcess.pause(POLL_MILLIS);
        }
    }

    /** The longest time without a delivery so far, in milliseconds (to the poll interval). */
    long longestGapMillis() {
        return longestGapMillis;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

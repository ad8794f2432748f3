package io.pushgateway.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports for the processes tests start on ports of their own choosing. */
public final class FreePorts {

    /**
     * Below the private brokers' range (10000 and up, with distribution ports 20000 and 30000 above)
     * and below Linux's ephemeral range (32768 and up), so that no port the kernel hands out
     * (listen on port 0, a client's source port) and no broker of ours can ever take it.
     */
    private static final int LOW = 5000;
    private static final int HIGH = 10000;

    private FreePorts() {
    }

    /** True if nothing listens on 127.0.0.1:{@code port} right now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A free port that stays ours while we close and reopen it: for a test that frees its port on
     * purpose and asserts that nobody answers there (a port from the ephemeral range may be taken
     * by any process the moment it is freed).
     */
    public static int outsideEphemeralRange() {
        for (int i = 0; i < 50; i++) {
            int candidate = ThreadLocalRandom.current().nextInt(LOW, HIGH);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH + " on 127.0.0.1");
    }
}

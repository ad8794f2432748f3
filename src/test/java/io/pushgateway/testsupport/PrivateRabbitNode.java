package io.pushgateway.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One private RabbitMQ node for the whole test run (started by scripts/private-rabbitmq.sh on
 * free ports under target/), stopped by pid when the JVM exits. Each test context gets its own
 * virtual host, so contexts that are alive at the same time never share a queue.
 */
public final class PrivateRabbitNode {

    private static PrivateRabbitNode shared;

    private final Path dir;
    private final int port;

    private PrivateRabbitNode(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static synchronized PrivateRabbitNode shared() {
        if (shared == null) {
            shared = startNew("rabbitmq-");
        }
        return shared;
    }

    /**
     * A node of its own for a test that stops and starts it ({@link #stopNode}): the shared node
     * must stay up for the others. Stopped by pid when the JVM exits, like the shared one.
     */
    public static synchronized PrivateRabbitNode dedicated() {
        return startNew("rabbitmq-dedicated-");
    }

    private static PrivateRabbitNode startNew(String dirPrefix) {
        int port = freePortWithFreeNeighbours();
        Path dir = Path.of("target", dirPrefix + port).toAbsolutePath();
        PrivateRabbitNode node = new PrivateRabbitNode(dir, port);
        node.script("start", dir.toString(), String.valueOf(port));
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "stop-private-rabbitmq"));
        return node;
    }

    public int port() {
        return port;
    }

    /** Creates {@code vhost} (if needed) with full rights for the default guest user. */
    public synchronized String vhost(String vhost) {
        ctlAllowingFailure("add_vhost", vhost);
        ctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return vhost;
    }

    public String ctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ctl", dir.toString()));
        command.addAll(List.of(args));
        return script(command.toArray(String[]::new));
    }

    private void ctlAllowingFailure(String... args) {
        try {
            ctl(args);
        } catch (IllegalStateException alreadyThere) {
            // add_vhost of an existing vhost fails; that is fine here.
        }
    }

    /** Stops the node by pid (its data stays), as an outage would. */
    public synchronized void stopNode() {
        script("stop", dir.toString());
    }

    /** Starts the node again on the same port and data: durable queues and persistent messages come back. */
    public synchronized void startNode() {
        script("start", dir.toString(), String.valueOf(port));
    }

    private void stop() {
        try {
            script("stop", dir.toString());
        } catch (RuntimeException e) {
            System.err.println("Could not stop the private RabbitMQ node: " + e.getMessage());
        }
    }

    private static String script(String... args) {
        return runScript(null, args);
    }

    /**
     * Runs scripts/private-rabbitmq.sh with {@code args}; {@code extraConf} (may be null) becomes
     * RMQ_EXTRA_CONF, extra lines for the node's rabbitmq.conf.
     */
    static String runScript(String extraConf, String... args) {
        return runScriptWith(extraConf == null ? Map.of() : Map.of("RMQ_EXTRA_CONF", extraConf), args);
    }

    /** Runs scripts/private-rabbitmq.sh with {@code args} and extra environment ({@code RMQ_PLUGINS}, ...). */
    static String runScriptWith(Map<String, String> environment, String... args) {
        return runScriptFile("private-rabbitmq.sh", environment, 180, args);
    }

    /** Runs {@code scripts/<script>} with {@code args}; its output, or an exception naming the failure. */
    static String runScriptFile(String script, Map<String, String> environment, long timeoutSeconds, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of("scripts", script).toAbsolutePath().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The script derives the distribution and epmd ports as port+20000 and port+21000. */
    private static int freePortWithFreeNeighbours() {
        for (int i = 0; i < 50; i++) {
            int candidate = 10000 + (int) (Math.random() * 20000);
            if (FreePorts.isFree(candidate) && FreePorts.isFree(candidate + 20000) && FreePorts.isFree(candidate + 21000)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port triple found");
    }


    static {
        try {
            Files.createDirectories(Path.of("target"));
        } catch (IOException ignored) {
            // the script creates what it needs
        }
    }
}

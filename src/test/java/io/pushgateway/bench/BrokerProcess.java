package io.pushgateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The private RabbitMQ node's Erlang VM (beam.smp), found by the pid file that
 * scripts/private-rabbitmq.sh gives the node ({@code RABBITMQ_PID_FILE}: the VM's own OS pid), so
 * that its CPU time (utime + stime, /proc/&lt;pid&gt;/stat) can be read over the same window as the
 * gateway's. Only read, never signalled: the node's owner stops it.
 */
final class BrokerProcess {

    private final long pid;
    private final String command;

    private BrokerProcess(long pid, String command) {
        this.pid = pid;
        this.command = command;
    }

    /**
     * The node of {@link io.pushgateway.testsupport.PrivateRabbitNode} on {@code port}: its folder is
     * target/rabbitmq-&lt;port&gt; under the working directory, its pid file node.pid there. Null
     * (broker CPU not measured) when it cannot be read.
     */
    static BrokerProcess ofPrivateNode(int port) {
        Path pidFile = pidFile(port);
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String comm = Files.readString(Path.of("/proc", String.valueOf(pid), "comm")).trim();
            BrokerProcess broker = new BrokerProcess(pid, comm);
            return broker.cpuSeconds() >= 0 ? broker : null;
        } catch (IOException | RuntimeException e) {
            System.out.println("(broker CPU not measured: cannot read the node's pid from " + pidFile + ": " + e + ")");
            return null;
        }
    }

    static Path pidFile(int port) {
        return Path.of("target", "rabbitmq-" + port, "node.pid").toAbsolutePath();
    }

    long pid() {
        return pid;
    }

    /** The process's name as the kernel has it (beam.smp for the Erlang VM). */
    String command() {
        return command;
    }

    /** utime + stime of the node's VM so far, in seconds (-1 when it cannot be read). */
    double cpuSeconds() {
        return BenchJvm.cpuSecondsOf(pid);
    }
}

package io.pushgateway.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three private RabbitMQ nodes clustered on 127.0.0.1 (scripts/private-rabbitmq-cluster.sh, on
 * free ports under target/), stopped by pid when the JVM exits. Nodes are numbered 1 to 3.
 */
public final class PrivateRabbitCluster {

    public static final int NODES = 3;
    private static final Pattern LEADER = Pattern.compile("node=(\\d+) ");
    private static final Pattern NODE_NAME = Pattern.compile("pgw-(\\d+)@localhost");
    private static final Pattern MEMBERS = Pattern.compile("leader=(\\S*) members=\\[(.*)] online=\\[(.*)]");

    private final Path dir;
    private final int basePort;
    private final Set<Integer> killed = new TreeSet<>();

    private PrivateRabbitCluster(Path dir, int basePort) {
        this.dir = dir;
        this.basePort = basePort;
    }

    /** Starts and clusters the three nodes; {@link #stop()} (or the JVM's exit) stops them. */
    public static PrivateRabbitCluster start() {
        int base = freeBasePort();
        PrivateRabbitCluster cluster = new PrivateRabbitCluster(Path.of("target", "rabbitmq-cluster-" + base)
                .toAbsolutePath(), base);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopQuietly, "stop-private-rabbitmq-cluster"));
        cluster.script("up", cluster.dir.toString(), String.valueOf(base));
        return cluster;
    }

    public int port(int node) {
        return basePort + node - 1;
    }

    /** {@code 127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3}, starting with node {@code first}: spring.rabbitmq.addresses. */
    public String addressesFrom(int first) {
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            addresses.add("127.0.0.1:" + port((first - 1 + i) % NODES + 1));
        }
        return String.join(",", addresses);
    }

    public String vhost(String vhost) {
        script("vhost", dir.toString(), vhost);
        return vhost;
    }

    /** kill -9 of the node, by pid: the crash of a broker machine. */
    public synchronized void kill(int node) {
        script("kill", dir.toString(), String.valueOf(node));
        killed.add(node);
    }

    /** Starts a killed node again on its data; it rejoins the cluster. */
    public void start(int node) {
        script("start", dir.toString(), String.valueOf(node));
        synchronized (this) {
            killed.remove(node);
        }
    }

    /** Starts every node still down after a kill, so a failed scenario leaves the next one a whole cluster. */
    public void restartKilled() {
        List<Integer> down;
        synchronized (this) {
            down = List.copyOf(killed);
        }
        down.forEach(this::start);
    }

    /** The node (1-3) leading quorum queue {@code queue}, as a running node sees it. */
    public int leader(String queue, String vhost) {
        String out = script("leader", dir.toString(), queue, vhost);
        Matcher m = LEADER.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no leader in: " + out);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Where quorum queue {@code queue} is replicated, and which of those replicas are online. */
    public Members members(String queue, String vhost) {
        String out = script("members", dir.toString(), queue, vhost);
        Matcher m = MEMBERS.matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no members in: " + out);
        }
        return new Members(m.group(1), names(m.group(2)), names(m.group(3)));
    }

    public record Members(String leader, List<String> members, List<String> online) {
    }

    /** The node number (1-3) of node name {@code pgw-<amqp port>@localhost}. */
    public int node(String name) {
        Matcher m = NODE_NAME.matcher(name);
        int node = m.matches() ? Integer.parseInt(m.group(1)) - basePort + 1 : 0;
        if (node < 1 || node > NODES) {
            throw new IllegalArgumentException("not a node of this cluster: " + name);
        }
        return node;
    }

    private static List<String> names(String list) {
        return list.isBlank() ? List.of() : List.of(list.split(",\\s*"));
    }

    public void stop() {
        script("stop", dir.toString());
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("Could not stop the private RabbitMQ cluster: " + e.getMessage());
        }
    }

    private String script(String... args) {
        return PrivateRabbitNode.runScriptFile("private-rabbitmq-cluster.sh", java.util.Map.of(), 300, args);
    }

    /** AMQP ports base..base+2, their distribution ports (+20000) and the shared epmd port (base+21000). */
    private static int freeBasePort() {
        for (int i = 0; i < 50; i++) {
            int base = 10000 + (int) (Math.random() * 20000);
            boolean free = FreePorts.isFree(base + 21000);
            for (int n = 0; n < NODES && free; n++) {
                free = FreePorts.isFree(base + n) && FreePorts.isFree(base + n + 20000);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no free ports for a cluster found");
    }

}

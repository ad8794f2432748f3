package io.pushgateway.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A second private RabbitMQ node that speaks AMQP over TLS only (amqps, like a managed broker on
 * 5671), started lazily by the first test that asks for it and stopped by pid when the JVM exits.
 * It is started by scripts/private-rabbitmq.sh like {@link PrivateRabbitNode}, with
 * {@code RMQ_EXTRA_CONF} lines that switch the plain TCP listener off and add a TLS listener whose
 * certificate (SAN {@code localhost} and {@code 127.0.0.1}) is issued by a throwaway CA made for
 * this run. Clients are not asked for certificates.
 */
public final class TlsRabbitNode {

    private static TlsRabbitNode shared;

    private final Path dir;
    private final int amqpPort;
    private final int tlsPort;
    private final TestCertificates.Authority authority;
    private final TestCertificates.ServerCertificate serverCertificate;

    private TlsRabbitNode(Path dir, int amqpPort, int tlsPort, TestCertificates.Authority authority,
            TestCertificates.ServerCertificate serverCertificate) {
        this.dir = dir;
        this.amqpPort = amqpPort;
        this.tlsPort = tlsPort;
        this.authority = authority;
        this.serverCertificate = serverCertificate;
    }

    public static synchronized TlsRabbitNode shared() {
        if (shared == null) {
            int[] ports = freePorts();
            Path dir = buildDirectory().resolve("rabbitmq-tls-" + ports[0]);
            Path certs = dir.resolve("certs");
            TestCertificates.Authority ca = TestCertificates.authority(certs, "push-gateway-test-broker-ca");
            TestCertificates.ServerCertificate server = ca.issue("broker-localhost", "localhost",
                    List.of("DNS:localhost", "IP:127.0.0.1"));
            TlsRabbitNode node = new TlsRabbitNode(dir.resolve("node"), ports[0], ports[1], ca, server);
            node.start();
            Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "stop-private-rabbitmq-tls"));
            shared = node;
        }
        return shared;
    }

    /** The amqps port; the node has no plain AMQP listener. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The CA that issued the node's certificate (PEM): what a client must trust. */
    public Path caCertificate() {
        return authority.certificate();
    }

    /** The CA itself, to issue more certificates clients of this node would trust. */
    public TestCertificates.Authority authority() {
        return authority;
    }

    /** Where test files that belong with this node can go. */
    public Path workDirectory() {
        return dir.getParent();
    }

    public String ctl(String... args) {
        List<String> command = new ArrayList<>(List.of("ctl", dir.toString()));
        command.addAll(List.of(args));
        return script(null, command.toArray(String[]::new));
    }

    private void start() {
        String extraConf = String.join("\n",
                "listeners.tcp = none",
                "listeners.ssl.1 = 127.0.0.1:" + tlsPort,
                "ssl_options.cacertfile = " + authority.certificate(),
                "ssl_options.certfile = " + serverCertificate.certificate(),
                "ssl_options.keyfile = " + serverCertificate.key(),
                "ssl_options.verify = verify_none",
                "ssl_options.fail_if_no_peer_cert = false");
        script(extraConf, "start", dir.toString(), String.valueOf(amqpPort));
        Await.until("the TLS listener on 127.0.0.1:" + tlsPort, Duration.ofSeconds(30), () -> accepts(tlsPort));
    }

    private void stop() {
        try {
            script(null, "stop", dir.toString());
        } catch (RuntimeException e) {
            System.err.println("Could not stop the private TLS RabbitMQ node: " + e.getMessage());
        }
    }

    private static String script(String extraConf, String... args) {
        return PrivateRabbitNode.runScript(extraConf, args);
    }

    /**
     * The build output folder this test run uses ({@code target}, or what {@code -Dbuild.dir}
     * named): the parent of the folder the test classes were loaded from.
     */
    static Path buildDirectory() {
        try {
            Path classes = Path.of(TlsRabbitNode.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(classes) && classes.getParent() != null) {
                return classes.getParent();
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the conventional folder
        }
        return Path.of("target").toAbsolutePath();
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The AMQP port (which the node does not listen on, but from which the script derives the
     * node name and the distribution and epmd ports: +20000 and +21000) and the TLS port.
     */
    private static int[] freePorts() {
        for (int i = 0; i < 50; i++) {
            int candidate = 10000 + (int) (Math.random() * 20000);
            if (FreePorts.isFree(candidate) && FreePorts.isFree(candidate + 1)
                    && FreePorts.isFree(candidate + 20000) && FreePorts.isFree(candidate + 21000)) {
                return new int[] {candidate, candidate + 1};
            }
        }
        throw new IllegalStateException("no free ports found for the TLS node");
    }

}

package io.pushgateway.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A TLS endpoint on 127.0.0.1 that presents a given server certificate, completes (or fails) the
 * TLS handshake with whoever connects, records the outcome and hangs up. It speaks no AMQP: it
 * shows what a client decides about a certificate, which is all a handshake test needs.
 */
public final class TlsHandshakeRecorder implements AutoCloseable {

    public static final String COMPLETED = "completed";

    private final SSLServerSocket server;
    private final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();
    private final Thread acceptor;

    private TlsHandshakeRecorder(SSLServerSocket server) {
        this.server = server;
        this.acceptor = new Thread(this::acceptLoop, "tls-handshake-recorder-" + server.getLocalPort());
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    public static TlsHandshakeRecorder presenting(TestCertificates.ServerCertificate certificate) {
        PemSslStoreDetails keyStore = PemSslStoreDetails.forCertificate("file:" + certificate.certificate())
                .withPrivateKey("file:" + certificate.key());
        SslBundle bundle = SslBundle.of(new PemSslStoreBundle(keyStore, null));
        try {
            SSLServerSocket socket = (SSLServerSocket) bundle.createSslContext().getServerSocketFactory()
                    .createServerSocket(0, 5, InetAddress.getLoopbackAddress());
            return new TlsHandshakeRecorder(socket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on 127.0.0.1", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The outcome of the next handshake: {@link #COMPLETED}, or "failed: " and the server's error. */
    public String awaitHandshake(Duration timeout) throws InterruptedException {
        String outcome = outcomes.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (outcome == null) {
            throw new AssertionError("no TLS handshake was attempted on port " + port() + " within " + timeout);
        }
        return outcome;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(10_000);
                try {
                    socket.startHandshake();
                    outcomes.add(COMPLETED);
                } catch (IOException e) {
                    outcomes.add("failed: " + e);
                }
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                outcomes.add("failed: " + e);
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
            acceptor.join(5_000);
        } catch (IOException e) {
            // closing anyway
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

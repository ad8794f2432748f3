package io.pushgateway.security;

import static io.pushgateway.security.GatewayStart.describe;
import static org.assertj.core.api.Assertions.assertThat;

import io.pushgateway.testsupport.TestCertificates;
import io.pushgateway.testsupport.TlsHandshakeRecorder;
import io.pushgateway.testsupport.TlsRabbitNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With TLS on, the gateway verifies the broker: its certificate must chain to a CA the gateway
 * trusts, and must be issued for the host name the gateway connects to. Each test starts the
 * real gateway application, configured only with Spring Boot properties, and expects it not to
 * start. The broker is the private TLS node (certificate for localhost / 127.0.0.1 from a
 * throwaway CA), or for host-name checks a TLS endpoint presenting a certificate from that same
 * CA but issued for another name.
 */
class BrokerCertificateVerificationTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(15);
    private static final String STORE_PASSWORD = "changeit";

    private static TlsRabbitNode node;
    private static Path work;
    private static TestCertificates.Authority otherCa;
    private static TestCertificates.ServerCertificate otherHostCertificate;
    private static Path brokerCaTrustStore;

    @BeforeAll
    static void certificates() {
        node = TlsRabbitNode.shared();
        work = node.workDirectory().resolve("verification-" + UUID.randomUUID().toString().substring(0, 8));
        otherCa = TestCertificates.authority(work, "some-other-ca");
        otherHostCertificate = node.authority().issue("broker-elsewhere", "broker.elsewhere.example",
                List.of("DNS:broker.elsewhere.example"));
        brokerCaTrustStore = node.authority().pkcs12TrustStore(work.resolve("broker-ca.p12"), STORE_PASSWORD);
    }

    @Test
    void doesNotStartWhenTheBrokerCertificateIsNotIssuedByTheCaOfItsSslBundle() {
        Throwable failure = pemBundleTrusting(otherCa.certificate()).with("spring.rabbitmq.port", tlsPort())
                .failure();

        assertRefusedAsUntrusted(failure);
    }

    @Test
    void doesNotStartWhenTheBrokerCertificateIsNotIssuedByACaOfItsTrustStore() {
        Path otherStore = otherCa.pkcs12TrustStore(work.resolve("other-ca.p12"), STORE_PASSWORD);
        Throwable failure = trustStore(otherStore).with("spring.rabbitmq.port", tlsPort()).failure();

        assertRefusedAsUntrusted(failure);
    }

    @Test
    void doesNotStartWhenOnlySslIsEnabledAndTheBrokerCaIsNotInTheJavaTrustStore() {
        Throwable failure = GatewayStart.withProperties(
                "spring.rabbitmq.ssl.enabled", "true",
                "spring.rabbitmq.port", tlsPort()).failure();

        assertRefusedAsUntrusted(failure);
    }

    @Test
    void doesNotStartWhenATrustedBrokerCertificateIsIssuedForAnotherHostName() throws Exception {
        try (TlsHandshakeRecorder broker = TlsHandshakeRecorder.presenting(otherHostCertificate)) {
            Throwable failure = trustStore(brokerCaTrustStore)
                    .with("spring.rabbitmq.port", String.valueOf(broker.port())).failure();

            assertThat(broker.awaitHandshake(HANDSHAKE)).startsWith("failed");
            assertThat(failure).hasRootCauseInstanceOf(java.security.cert.CertificateException.class);
            assertThat(describe(failure)).contains("No subject alternative names matching IP address 127.0.0.1");
        }
    }

    @Test
    void acceptsThatCertificateOnlyWhenHostNameVerificationIsSwitchedOffExplicitly() throws Exception {
        try (TlsHandshakeRecorder broker = TlsHandshakeRecorder.presenting(otherHostCertificate)) {
            trustStore(brokerCaTrustStore)
                    .with("spring.rabbitmq.port", String.valueOf(broker.port()))
                    .with("spring.rabbitmq.ssl.verify-hostname", "false")
                    .failure();

            // The chain is trusted: only the host name made the previous test's handshake fail.
            assertThat(broker.awaitHandshake(HANDSHAKE)).isEqualTo(TlsHandshakeRecorder.COMPLETED);
        }
    }

    /**
     * With {@code spring.rabbitmq.ssl.bundle} set, Spring Boot 3.5.9 builds the connection factory from
     * the bundle and never applies {@code spring.rabbitmq.ssl.verify-hostname}
     * (spring-projects/spring-boot#50168), so the handshake would complete with a certificate for
     * another name. The gateway's {@code BrokerHostnameVerification} applies it; this test fails
     * without it.
     */
    @Test
    void doesNotStartWhenATrustedBrokerCertificateIsIssuedForAnotherHostNameWithAnSslBundle() throws Exception {
        try (TlsHandshakeRecorder broker = TlsHandshakeRecorder.presenting(otherHostCertificate)) {
            Throwable failure = pemBundleTrusting(node.caCertificate())
                    .with("spring.rabbitmq.port", String.valueOf(broker.port())).failure();

            assertThat(broker.awaitHandshake(HANDSHAKE)).startsWith("failed");
            assertThat(describe(failure)).contains("No subject alternative names matching IP address 127.0.0.1");
        }
    }

    private static void assertRefusedAsUntrusted(Throwable failure) {
        // The JDK names it per trust manager algorithm: PKIX ("unable to find valid certification
        // path") for bundles and the Java trust store, SunX509 ("No trusted certificate found") for
        // spring.rabbitmq.ssl.trust-store, whose default algorithm is SunX509.
        assertThat(describe(failure))
                .contains(SSLHandshakeException.class.getName())
                .containsPattern("unable to find valid certification path to requested target"
                        + "|No trusted certificate found");
    }

    private static GatewayStart pemBundleTrusting(Path caCertificate) {
        return GatewayStart.withProperties(
                "spring.rabbitmq.ssl.enabled", "true",
                "spring.rabbitmq.ssl.bundle", "broker",
                "spring.ssl.bundle.pem.broker.truststore.certificate", "file:" + caCertificate);
    }

    private static GatewayStart trustStore(Path store) {
        return GatewayStart.withProperties(
                "spring.rabbitmq.ssl.enabled", "true",
                "spring.rabbitmq.ssl.trust-store", "file:" + store,
                "spring.rabbitmq.ssl.trust-store-type", "PKCS12",
                "spring.rabbitmq.ssl.trust-store-password", STORE_PASSWORD);
    }

    private static String tlsPort() {
        return String.valueOf(node.tlsPort());
    }
}

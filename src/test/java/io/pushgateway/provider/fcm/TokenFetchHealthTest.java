package io.pushgateway.provider.fcm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A failing token fetch is told once with its cause, its recovery once, however many sends ask meanwhile. */
class TokenFetchHealthTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(GoogleAccessTokens.class);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final TokenFetchHealth health = new TokenFetchHealth("default");

    @BeforeEach
    void capture() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void release() {
        logger.detachAppender(logs);
    }

    @Test
    void logsTheFirstFailureWithItsCauseAndStaysQuietWhileItGoesOnFailing() {
        IOException tls = new IOException("Error getting access token for service account: PKIX path building failed",
                new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"));

        health.failed(tls);
        health.failed(tls);
        health.failed(tls);

        List<ILoggingEvent> warnings = at(Level.WARN);
        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0).getFormattedMessage())
                .contains("project 'default'")
                .contains("javax.net.ssl.SSLHandshakeException: PKIX path building failed");
        assertThat(health.isFailing()).isTrue();
    }

    @Test
    void logsTheRecoveryOnceAndNothingWhileTokensKeepComing() {
        health.fetched();
        health.failed(new IOException("503 Service Unavailable"));
        health.fetched();
        health.fetched();

        assertThat(at(Level.WARN)).hasSize(1);
        assertThat(at(Level.INFO)).singleElement()
                .satisfies(e -> assertThat(e.getFormattedMessage()).contains("fetched again"));
        assertThat(health.isFailing()).isFalse();
    }

    @Test
    void logsAgainWhenTokensFailAgainAfterARecovery() {
        health.failed(new IOException("first"));
        health.fetched();
        health.failed(new IOException("second"));

        assertThat(at(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(first -> assertThat(first).contains("first"),
                        second -> assertThat(second).contains("second"));
    }

    private List<ILoggingEvent> at(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).toList();
    }
}

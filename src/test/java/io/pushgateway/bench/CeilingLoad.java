package io.pushgateway.bench;

import io.pushgateway.emulator.EmulatorLoadGenerator;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * The one place where a ceiling run chooses how to load the emulator: the same HTTP version as
 * the gateway's sends: HTTP/1.1, or h2c (prior knowledge, streams multiplexed on few connections).
 */
final class CeilingLoad {

    /** The gateway's HTTP version towards the emulator ({@code push.http.version}). */
    enum HttpVersion {
        HTTP_1_1("HTTP/1.1"), H2C("h2c");

        private final String label;

        HttpVersion(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }

        /** {@code h2c} is the only setting that changes what the gateway speaks to an http:// endpoint. */
        static HttpVersion ofGatewaySetting(String pushHttpVersion) {
            return pushHttpVersion != null && pushHttpVersion.trim().toLowerCase(Locale.ROOT).equals("h2c") ? H2C : HTTP_1_1;
        }
    }

    private CeilingLoad() {
    }

    static boolean speaks(HttpVersion version) {
        return true;
    }

    static EmulatorLoadGenerator.Result run(EmulatorLoadGenerator.Target target, int concurrency, Duration warmUp,
                                            Duration duration, HttpVersion version) throws IOException, InterruptedException {
        EmulatorLoadGenerator.Protocol protocol = version == HttpVersion.H2C
                ? EmulatorLoadGenerator.Protocol.H2C : EmulatorLoadGenerator.Protocol.HTTP_1_1;
        return EmulatorLoadGenerator.run(target, protocol, concurrency, warmUp, duration);
    }
}

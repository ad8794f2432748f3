package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProtoJsonValuesTest {

    @ParameterizedTest(name = "{0} is {1} whole seconds")
    @CsvSource({"3600s, 3600", "3.5s, 3", "0s, 0", "0.000000001s, 0", "-2s, -2", "2419200s, 2419200"})
    void readsTheWholeSecondsOfADuration(String text, long seconds) {
        assertThat(ProtoJsonValues.durationSeconds(text)).isEqualTo(seconds);
    }

    @ParameterizedTest(name = "\"{0}\" is no duration")
    @ValueSource(strings = {"", "s", "3600", "1.s", ".5s", "1.5.5s", "1,5s", "1e3s", "1 s", "1.0000000001s", "-s", "1m"})
    void refusesTextThatIsNoDuration(String text) {
        assertThat(ProtoJsonValues.durationSeconds(text)).isEqualTo(ProtoJsonValues.NOT_A_DURATION);
    }

    @ParameterizedTest(name = "{0} is written {1}")
    @CsvSource({"restricted_package_name, restrictedPackageName", "ttl, ttl", "fcm_options, fcmOptions"})
    void writesProtoNamesInLowerCamelCase(String snake, String camel) {
        assertThat(ProtoJsonValues.lowerCamel(snake)).isEqualTo(camel);
    }
}

package io.pushgateway.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenRulesTest {

    private final TokenRules rules = new TokenRules();

    @Test
    void failsErrorTokensWithTheCodeBetweenThePrefixAndTheNextDash() {
        assertThat(rules.outcomeFor("error-UNREGISTERED-abc-def")).isEqualTo(new TokenOutcome.Failed("UNREGISTERED"));
        assertThat(rules.outcomeFor("error-NotRegistered-1")).isEqualTo(new TokenOutcome.Failed("NotRegistered"));
    }

    @Test
    void failsErrorTokensWithoutASuffixToo() {
        assertThat(rules.outcomeFor("error-THIRD_PARTY_AUTH_ERROR")).isEqualTo(new TokenOutcome.Failed("THIRD_PARTY_AUTH_ERROR"));
    }

    @Test
    void failsErrorTokensWithMadeUpCodesVerbatim() {
        assertThat(rules.outcomeFor("error-Whatever_Else-1")).isEqualTo(new TokenOutcome.Failed("Whatever_Else"));
    }

    @Test
    void deliversErrorPrefixedTokensWithAnEmptyCode() {
        assertThat(rules.outcomeFor("error--abc")).isEqualTo(new TokenOutcome.Delivered());
    }

    @Test
    void deliversCanonicalTokensWithANewPrefixedReplacement() {
        assertThat(rules.outcomeFor("canonical-abc"))
                .isEqualTo(new TokenOutcome.DeliveredWithCanonicalId("new-canonical-abc"));
    }

    @Test
    void failsFlakyTokensForTheirFirstNAttemptsThenDelivers() {
        assertThat(rules.outcomeFor("flaky2-abc")).isEqualTo(new TokenOutcome.Failed("UNAVAILABLE"));
        assertThat(rules.outcomeFor("flaky2-abc")).isEqualTo(new TokenOutcome.Failed("UNAVAILABLE"));
        assertThat(rules.outcomeFor("flaky2-abc")).isEqualTo(new TokenOutcome.Delivered());
        assertThat(rules.outcomeFor("flaky2-abc")).isEqualTo(new TokenOutcome.Delivered());
    }

    @Test
    void countsFlakyAttemptsPerExactToken() {
        rules.outcomeFor("flaky1-a");

        assertThat(rules.outcomeFor("flaky1-b")).isEqualTo(new TokenOutcome.Failed("UNAVAILABLE"));
        assertThat(rules.outcomeFor("flaky1-a")).isEqualTo(new TokenOutcome.Delivered());
    }

    @Test
    void startsFlakyTokensOverOnceAttemptsAreForgotten() {
        rules.outcomeFor("flaky1-a");

        rules.forgetFlakyAttempts();

        assertThat(rules.outcomeFor("flaky1-a")).isEqualTo(new TokenOutcome.Failed("UNAVAILABLE"));
    }

    @Test
    void deliversFlakyTokensWithoutACountOrWithZero() {
        assertThat(rules.outcomeFor("flaky-abc")).isEqualTo(new TokenOutcome.Delivered());
        assertThat(rules.outcomeFor("flaky0-abc")).isEqualTo(new TokenOutcome.Delivered());
    }

    @Test
    void deliversEveryOtherToken() {
        assertThat(rules.outcomeFor("fGx7y:APA91bH-real-looking-token")).isEqualTo(new TokenOutcome.Delivered());
        assertThat(rules.outcomeFor("new-canonical-abc")).isEqualTo(new TokenOutcome.Delivered());
    }

    @Test
    void buildsTokensThatTheRulesRecognise() {
        assertThat(TokenRules.errorToken("UNREGISTERED", "x")).isEqualTo("error-UNREGISTERED-x");
        assertThat(TokenRules.canonicalToken("x")).isEqualTo("canonical-x");
        assertThat(TokenRules.flakyToken(3, "x")).isEqualTo("flaky3-x");
        assertThat(rules.outcomeFor(TokenRules.flakyToken(1, "built"))).isEqualTo(new TokenOutcome.Failed("UNAVAILABLE"));
    }
}

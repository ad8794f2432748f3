package io.pushgateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PublishLedgerTest {

    private final DeviceToken a = new DeviceToken(null, "tok-a");
    private final DeviceToken b = new DeviceToken(null, "tok-b");
    private final DeviceToken c = new DeviceToken(null, "tok-c");

    private static OutboundMessage about(Outcome kind, DeviceToken... targets) {
        return new OutboundMessage(kind, new byte[0], Map.of(), "m-1", null, null, List.of(targets));
    }

    @Test
    void whatIsUnsettledAreTheTargetsOfTheMessagesNotConfirmed() {
        OutboundMessage delete = about(Outcome.TOKEN_DELETE, a);
        OutboundMessage retry = about(Outcome.RETRY, b, c);
        var ledger = new PublishLedger(List.of(delete, retry));

        ledger.confirmed(delete);

        assertThat(ledger.unsettled()).containsExactly(b, c);
        assertThat(ledger.unconfirmed()).isEqualTo(1);
    }

    @Test
    void anEqualMessageThatWasNotPlannedConfirmsNothing() {
        OutboundMessage delete = about(Outcome.TOKEN_DELETE, a);
        var ledger = new PublishLedger(List.of(delete));
        // Same body array, headers and targets: equal as a record, yet another message.
        OutboundMessage twin = new OutboundMessage(delete.kind(), delete.body(), delete.headers(), delete.messageId(),
                null, null, List.of(a));
        assertThat(twin).isEqualTo(delete).isNotSameAs(delete);

        ledger.confirmed(twin);

        assertThat(ledger.unsettled()).containsExactly(a);
    }

    @Test
    void aTargetNamedByTwoUnconfirmedMessagesIsUnsettledOnce() {
        var ledger = new PublishLedger(List.of(about(Outcome.TOKEN_DELETE, a), about(Outcome.DEAD_LETTER, a, b)));

        assertThat(ledger.unsettled()).containsExactly(a, b);
    }

    @Test
    void confirmingTheSameMessageTwiceCountsItOnce() {
        OutboundMessage delete = about(Outcome.TOKEN_DELETE, a);
        var ledger = new PublishLedger(List.of(delete, about(Outcome.TOKEN_DELETE, b)));

        ledger.confirmed(delete);
        ledger.confirmed(delete);

        assertThat(ledger.unconfirmed()).isEqualTo(1);
    }

    @Test
    void everythingConfirmedLeavesNothingUnsettled() {
        OutboundMessage delete = about(Outcome.TOKEN_DELETE, a);
        var ledger = new PublishLedger(List.of(delete));

        ledger.confirmed(delete);

        assertThat(ledger.unsettled()).isEmpty();
        assertThat(ledger.unconfirmed()).isZero();
    }
}

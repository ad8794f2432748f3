package io.pushgateway.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A channel's groups finish in any order and are acked in delivery order, with one multiple ack. */
class AckSequenceTest {

    private final List<String> calls = new ArrayList<>();
    private final AckSequence sequence = new AckSequence(new AckSequence.Settler() {
        @Override
        public void requeue(long tag) {
            calls.add("requeue " + tag);
        }

        @Override
        public void ackUpTo(long tag) {
            calls.add("ack up to " + tag);
        }
    });

    @Test
    void aGroupIsAckedUpToItsLastTagWhenItFinishes() {
        sequence.open(new long[] {1, 2, 3}).complete(List.of());

        assertThat(calls).containsExactly("ack up to 3");
        assertThat(sequence.unsettled()).isZero();
    }

    @Test
    void aGroupThatFinishesFirstWaitsForTheGroupsDeliveredBeforeIt() {
        AckSequence.Ticket first = sequence.open(new long[] {1, 2});
        AckSequence.Ticket second = sequence.open(new long[] {3, 4});

        second.complete(List.of());
        assertThat(calls).as("acking 4 would ack 1 and 2, still at work").isEmpty();

        first.complete(List.of());
        assertThat(calls).containsExactly("ack up to 4");
    }

    @Test
    void requeuedDeliveriesGoBackAtOnceAndTheAckNamesTheLastOneKept() {
        AckSequence.Ticket first = sequence.open(new long[] {1, 2});
        AckSequence.Ticket second = sequence.open(new long[] {3, 4});

        second.complete(List.of(4L));
        assertThat(calls).containsExactly("requeue 4");

        first.complete(List.of());
        assertThat(calls).containsExactly("requeue 4", "ack up to 3");
    }

    @Test
    void aGroupReturnedWholeIsNotAckedAndDoesNotHoldBackTheNext() {
        AckSequence.Ticket failed = sequence.open(new long[] {1, 2});
        AckSequence.Ticket next = sequence.open(new long[] {3});

        failed.complete(List.of(1L, 2L));
        assertThat(calls).containsExactly("requeue 1", "requeue 2");

        next.complete(List.of());
        assertThat(calls).containsExactly("requeue 1", "requeue 2", "ack up to 3");
    }

    @Test
    void aLaterGroupStillAtWorkIsNotCoveredByTheAck() {
        AckSequence.Ticket first = sequence.open(new long[] {1});
        sequence.open(new long[] {2, 3});

        first.complete(List.of());

        assertThat(calls).containsExactly("ack up to 1");
        assertThat(sequence.unsettled()).isEqualTo(1);
    }
}

package io.pushgateway.broker;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * The groups of one channel in delivery order, settled in that order. Groups finish in any order
 * (one waits on a slow batch while the next is done), but one {@code basic.ack(multiple)} acks every
 * outstanding delivery up to its tag: it may name a group's last tag only once every earlier group
 * of the channel is settled. So a finished group returns its requeued deliveries at once, and its
 * ack waits for the groups before it. Plain logic over delivery tags, no AMQP: see {@link Settler}.
 */
final class AckSequence {

    /** What the sequence asks of the channel. */
    interface Settler {
        /** Return one delivery to the queue. */
        void requeue(long tag);

        /** Ack every outstanding delivery up to and including {@code tag}. */
        void ackUpTo(long tag);
    }

    /** One group's place in the sequence. */
    final class Ticket {

        private final long[] tags;
        private Set<Long> requeued;
        private boolean done;

        private Ticket(long[] tags) {
            this.tags = tags;
        }

        /**
         * The group is finished: {@code requeue} (delivery tags) go back to the queue now, the rest is
         * acked as soon as every earlier group of the channel is settled too.
         */
        void complete(Collection<Long> requeue) {
            synchronized (AckSequence.this) {
                requeued = new HashSet<>(requeue);
                for (long tag : tags) {
                    if (requeued.contains(tag)) {
                        settler.requeue(tag);
                    }
                }
                done = true;
                settleFinishedHead();
            }
        }

        /** The highest tag of this group that was not returned; -1 when all were. */
        private long lastAcked() {
            for (int i = tags.length - 1; i >= 0; i--) {
                if (!requeued.contains(tags[i])) {
                    return tags[i];
                }
            }
            return -1;
        }
    }

    private final Settler settler;
    private final Deque<Ticket> open = new ArrayDeque<>();

    AckSequence(Settler settler) {
        this.settler = settler;
    }

    /** A new group with these delivery tags, after every group opened before it. */
    synchronized Ticket open(long[] tags) {
        Ticket ticket = new Ticket(tags);
        open.addLast(ticket);
        return ticket;
    }

    /** Groups opened and not settled yet. */
    synchronized int unsettled() {
        return open.size();
    }

    private void settleFinishedHead() {
        long ackUpTo = -1;
        while (!open.isEmpty() && open.peekFirst().done) {
            long last = open.pollFirst().lastAcked();
            ackUpTo = Math.max(ackUpTo, last);
        }
        if (ackUpTo >= 0) {
            settler.ackUpTo(ackUpTo);
        }
    }
}

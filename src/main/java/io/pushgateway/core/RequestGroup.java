package io.pushgateway.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.amqp.core.Message;

/**
 * The requests one intake exchange carries: a group of deliveries, each read into a {@link Member}.
 * They go through the flow together (read, sent in shared batches, planned, published), and what
 * happens to one request stays with that request: an invalid one becomes a dead letter, one whose
 * outcomes the broker refuses is parked, and only a request whose parking is refused as well is
 * returned to the queue ({@link #requeued}). The group travels as the exchange property
 * {@value #PROPERTY}.
 */
public final class RequestGroup {

    /** Exchange property holding the group of the exchange being processed. */
    public static final String PROPERTY = "pushGroup";

    private final List<Member> members;
    /** Which request each planned message belongs to, by identity (two events can be equal in content). */
    private final Map<OutboundMessage, Member> owners = new IdentityHashMap<>();
    /** Messages whose refusal sends their request back to the queue (a parking, a last dead letter). */
    private final Set<OutboundMessage> lastResorts = Collections.newSetFromMap(new IdentityHashMap<>());

    public RequestGroup(List<Member> members) {
        this.members = List.copyOf(members);
    }

    public List<Member> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    /** The requests that were read, are not expired and have targets to send: what the send batches carry. */
    public List<Member> sendable() {
        List<Member> out = new ArrayList<>(members.size());
        for (Member m : members) {
            if (m.sendable()) {
                out.add(m);
            }
        }
        return out;
    }

    /** Records the outcome messages planned for {@code member}, which it now waits to have confirmed. */
    public void planned(Member member, List<OutboundMessage> messages) {
        member.ledger = new PublishLedger(messages);
        messages.forEach(m -> owners.put(m, member));
    }

    /**
     * Records {@code parking}, a message that settles what {@code member}'s refused outcomes left (or
     * what a failed group left of it): if the broker refuses it too, the request goes back to the queue.
     */
    public void settling(Member member, OutboundMessage parking) {
        owners.put(parking, member);
        lastResorts.add(parking);
    }

    /** The broker took {@code message}: its targets are settled. Publishes run side by side, hence the lock. */
    public synchronized void confirmed(OutboundMessage message) {
        Member member = owners.get(message);
        if (member != null && member.ledger != null) {
            member.ledger.confirmed(message);
        }
    }

    /**
     * The broker refused {@code message}. A planned outcome leaves its request to be parked; a parking
     * refused as well leaves the request unsettled, so it goes back to the queue.
     */
    public synchronized void refused(OutboundMessage message, Throwable failure) {
        Member member = owners.get(message);
        if (member == null) {
            return;
        }
        if (lastResorts.contains(message)) {
            member.requeue();
        } else if (member.publishFailure == null) {
            member.publishFailure = failure;
        }
    }

    /** The deliveries to return to the queue instead of acking. */
    public List<Message> requeued() {
        List<Message> out = new ArrayList<>();
        for (Member m : members) {
            if (m.requeue) {
                out.add(m.delivery);
            }
        }
        return out;
    }

    /**
     * One delivery of the group: the AMQP message, and once read, its {@link RequestContext}. A
     * delivery that could not be read, or whose request can never be sent, carries its
     * {@link #error} instead and is dead-lettered.
     */
    public static final class Member {

        private final Message delivery;
        private final RequestContext context;
        private RuntimeException error;
        private final boolean expired;
        private final TokenResults results = new TokenResults();
        private final int attempt;
        private PublishLedger ledger;
        private Throwable publishFailure;
        private boolean requeue;

        private Member(Message delivery, RequestContext context, RuntimeException error, boolean expired, int attempt) {
            this.delivery = delivery;
            this.context = context;
            this.error = error;
            this.expired = expired;
            this.attempt = attempt;
        }

        public static Member read(Message delivery, RequestContext context, boolean expired) {
            return new Member(delivery, context, null, expired, context.attempt());
        }

        /** @param attempt the attempt its dead letter is labelled with (x-push-attempt as sent, 0 when unreadable) */
        public static Member unreadable(Message delivery, RuntimeException error, int attempt) {
            return new Member(delivery, null, error, false, attempt);
        }

        public Message delivery() {
            return delivery;
        }

        /** The request as read; null when the delivery could not be read. */
        public RequestContext context() {
            return context;
        }

        /** Which delivery of the request this is (0 the first). */
        public int attempt() {
            return attempt;
        }

        /** Why this request is dead-lettered unsent; null while it is fine. */
        public RuntimeException error() {
            return error;
        }

        /** The request can never be sent (an unknown project, a body FCM cannot take): it is dead-lettered. */
        public void reject(RuntimeException why) {
            this.error = why;
        }

        /** ttl_seconds passed before this delivery: dead-lettered unsent. */
        public boolean expired() {
            return expired;
        }

        public boolean sendable() {
            return error == null && context != null && !expired;
        }

        /** What its sends gave, gathered over every batch that carried its targets. */
        public TokenResults results() {
            return results;
        }

        public PublishLedger ledger() {
            return ledger;
        }

        /** Why the first of its outcome messages that an endpoint refused was refused; null when every one was confirmed. */
        public Throwable publishFailure() {
            return publishFailure;
        }

        /** Its delivery goes back to the queue instead of being acked. */
        public boolean requeued() {
            return requeue;
        }

        public void requeue() {
            this.requeue = true;
        }

        /** The request's message id once read, else the delivery's AMQP message id. */
        public String messageId() {
            return context != null ? context.request().messageId() : delivery.getMessageProperties().getMessageId();
        }
    }
}

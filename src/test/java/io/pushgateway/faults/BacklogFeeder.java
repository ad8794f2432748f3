package io.pushgateway.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Keeps a backlog on the intake for as long as a scenario runs, however long its gateways take to
 * start: whenever fewer than {@code low} requests wait, it publishes {@code chunk} more of
 * {@code tokensPerRequest} fresh tokens each. Stopped, it leaves at most {@code low + chunk}
 * requests to drain, not a backlog sized for the slowest run. Every token it published is in its
 * ledger.
 */
final class BacklogFeeder implements AutoCloseable {

    private final IntSupplier depth;
    private final Consumer<String> publish;
    private final int low;
    private final int chunk;
    private final int tokensPerRequest;
    private final TokenLedger ledger = new TokenLedger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile RuntimeException failure;
    private int requests;

    private BacklogFeeder(IntSupplier depth, Consumer<String> publish, int low, int chunk, int tokensPerRequest) {
        this.depth = depth;
        this.publish = publish;
        this.low = low;
        this.chunk = chunk;
        this.tokensPerRequest = tokensPerRequest;
        this.thread = new Thread(this::feed, "backlog-feeder");
        thread.setDaemon(true);
    }

    /** Fills the backlog up to {@code low + chunk} at once, then keeps it above {@code low}. */
    static BacklogFeeder start(IntSupplier depth, Consumer<String> publish, int low, int chunk, int tokensPerRequest) {
        BacklogFeeder feeder = new BacklogFeeder(depth, publish, low, chunk, tokensPerRequest);
        feeder.publishChunks((low + chunk) / chunk);
        feeder.thread.start();
        return feeder;
    }

    private void feed() {
        try {
            while (running) {
                if (depth.getAsInt() < low) {
                    publishChunks(1);
                } else {
                    GatewayProcess.pause(100);
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void publishChunks(int chunks) {
        for (int i = 0; i < chunks * chunk; i++) {
            List<String> tokens = new ArrayList<>(tokensPerRequest);
            StringBuilder json = new StringBuilder("{\"title\":\"quota\",\"message_id\":\"feed-").append(requests++)
                    .append("\",\"registration_tokens\":[");
            for (int t = 0; t < tokensPerRequest; t++) {
                String token = "feed-" + UUID.randomUUID();
                tokens.add(token);
                json.append(t == 0 ? "" : ",").append('"').append(token).append('"');
            }
            publish.accept(json.append("]}").toString());
            synchronized (ledger) {
                tokens.forEach(ledger::add);
            }
        }
    }

    /** Stops publishing and gives every token published. */
    TokenLedger stop() {
        running = false;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw new IllegalStateException("the feeder failed to publish", failure);
        }
        synchronized (ledger) {
            return ledger;
        }
    }

    @Override
    public void close() {
        running = false;
    }
}

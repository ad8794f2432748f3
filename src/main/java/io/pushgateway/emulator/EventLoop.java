package io.pushgateway.emulator;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread that does all the I/O of its connections: it accepts (the first loop only),
 * reads and parses requests, runs the cheap handlers inline, keeps answers that must wait for the
 * simulated latency in a due-time queue and writes them when due, each in a single write.
 *
 * <p>Waiting answers hold no thread, and no answer crosses a thread boundary on its way out: the
 * JDK server's dispatcher-to-worker and timer-to-worker handoffs cost more CPU than judging a send.
 */
final class EventLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final long NANOS_PER_MILLI = 1_000_000;

    /** An answer held back until {@code dueNanos}; ties keep their arrival order. */
    private record DueAnswer(long dueNanos, long sequence, HttpCall call, HttpAnswer answer, Runnable justBeforeWriting)
            implements Comparable<DueAnswer> {

        @Override
        public int compareTo(DueAnswer other) {
            int byTime = Long.compare(dueNanos - other.dueNanos, 0);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private final EmulatorHttpServer server;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<DueAnswer> waiting = new PriorityQueue<>();
    private final Set<HttpConnection> connections = new HashSet<>();
    private final AnswerEncoder encoder = new AnswerEncoder();
    private ServerSocketChannel acceptor;
    private long sequence;
    private boolean stopped;

    EventLoop(EmulatorHttpServer server, String name) throws IOException {
        this.server = server;
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    /** Makes this loop accept the connections of {@code listening}; call before {@link #start()}. */
    void acceptFrom(ServerSocketChannel listening) throws IOException {
        acceptor = listening;
        listening.configureBlocking(false);
        listening.register(selector, SelectionKey.OP_ACCEPT);
    }

    void start() {
        thread.start();
    }

    boolean isLoopThread() {
        return Thread.currentThread() == thread;
    }

    Thread thread() {
        return thread;
    }

    /** Runs {@code task} on this loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Ends the loop after the tasks queued so far (e.g. a last answer) ran; closes every connection. */
    void stop() {
        execute(() -> stopped = true);
    }

    /** Takes over an accepted connection; any thread. */
    void adopt(SocketChannel channel) {
        if (isLoopThread()) {
            register(channel);
        } else {
            execute(() -> register(channel));
        }
    }

    /** Writes the answer at {@code dueNanos} (now, if that has passed); any thread. */
    void answerAt(long dueNanos, HttpCall call, HttpAnswer answer, Runnable justBeforeWriting) {
        if (!isLoopThread()) {
            execute(() -> answerAt(dueNanos, call, answer, justBeforeWriting));
        } else if (dueNanos - System.nanoTime() <= 0) {
            deliver(call, answer, justBeforeWriting);
        } else {
            waiting.add(new DueAnswer(dueNanos, sequence++, call, answer, justBeforeWriting));
        }
    }

    void dispatch(HttpCall call) {
        server.dispatch(call);
    }

    byte[] encode(HttpAnswer answer, boolean headRequest, boolean close) {
        return encoder.encode(answer, headRequest, close);
    }

    void forget(HttpConnection connection) {
        connections.remove(connection);
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                try {
                    waitForWork();
                    runTasks();
                    deliverDueAnswers();
                } catch (RuntimeException | OutOfMemoryError e) {
                    // One bad request (or a heap filled by millions of tracked tokens) must not end the
                    // loop: its other connections, and new ones on the accepting loop, would hang.
                    LOG.error("FCM emulator event loop {} hit an error and carries on", thread.getName(), e);
                }
            }
        } catch (IOException | ClosedSelectorException e) {
            LOG.error("FCM emulator event loop {} lost its selector; its connections are closed", thread.getName(), e);
        } finally {
            closeEverything();
        }
    }

    /**
     * Blocks until sockets are ready, a task arrives or the next answer is due. The selector only
     * times out in whole milliseconds, so it wakes up to a millisecond early and the rest is parked
     * away: rounding up instead would add half a millisecond to every simulated latency on average.
     */
    private void waitForWork() throws IOException {
        long nanos = nanosUntilNextAnswer();
        if (!tasks.isEmpty() || nanos == 0) {
            selector.selectNow(this::onReady);
        } else if (nanos < 0) {
            selector.select(this::onReady);
        } else if (nanos >= NANOS_PER_MILLI) {
            selector.select(this::onReady, nanos / NANOS_PER_MILLI);
        } else {
            LockSupport.parkNanos(nanos);
            selector.selectNow(this::onReady);
        }
    }

    /** -1 when no answer waits, 0 when one is due. */
    private long nanosUntilNextAnswer() {
        DueAnswer next = waiting.peek();
        if (next == null) {
            return -1;
        }
        return Math.max(0, next.dueNanos() - System.nanoTime());
    }

    private void onReady(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.attachment() instanceof HttpConnection connection) {
            int ready = key.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                connection.onWritable();
            }
            if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
                connection.onReadable();
            }
        } else if (key.isAcceptable()) {
            acceptWaiting();
        }
    }

    private void acceptWaiting() {
        try {
            SocketChannel channel;
            while ((channel = acceptor.accept()) != null) {
                channel.configureBlocking(false);
                // Each answer is one write, but the 100-continue interim answer and the final one are two.
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                server.nextLoop().adopt(channel);
            }
        } catch (IOException e) {
            LOG.debug("Accepting a connection failed: {}", e.toString());
        }
    }

    private void register(SocketChannel channel) {
        try {
            if (stopped) {
                channel.close();
                return;
            }
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            HttpConnection connection = new HttpConnection(this, channel, key);
            key.attach(connection);
            connections.add(connection);
        } catch (IOException e) {
            LOG.debug("Registering a connection failed: {}", e.toString());
        }
    }

    private void runTasks() {
        Runnable task;
        while (!stopped && (task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void deliverDueAnswers() {
        long now = System.nanoTime();
        while (!stopped && !waiting.isEmpty() && waiting.peek().dueNanos() - now <= 0) {
            DueAnswer due = waiting.poll();
            deliver(due.call(), due.answer(), due.justBeforeWriting());
        }
    }

    private void deliver(HttpCall call, HttpAnswer answer, Runnable justBeforeWriting) {
        try {
            justBeforeWriting.run();
        } catch (RuntimeException bug) {
            LOG.warn("Recording an FCM emulator answer failed", bug);
        }
        HttpConnection connection = call.connection();
        if (!connection.isClosed()) {
            connection.write(encoder.encode(answer, call.isHead(), !call.keepAlive()), !call.keepAlive());
        }
    }

    private void closeEverything() {
        stopped = true;
        waiting.clear();
        for (HttpConnection connection : List.copyOf(connections)) {
            connection.close();
        }
        try {
            if (acceptor != null) {
                acceptor.close();
            }
            // Closing the selector deregisters the listening channel, which is what releases its port.
            selector.close();
        } catch (IOException e) {
            LOG.debug("Closing the event loop failed: {}", e.toString());
        }
        // Tasks queued after the stop (answers from workers) have no connection left to write to.
        tasks.clear();
    }
}

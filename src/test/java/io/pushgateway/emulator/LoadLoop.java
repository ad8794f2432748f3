package io.pushgateway.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All closed loops of one load run on a single selector thread: each connection has exactly one
 * request in flight and sends the next as soon as the answer is read. One thread and non-blocking
 * sockets cost a write, a read and a share of an epoll wait per call; a thread per connection
 * would add two context switches per call, which on a shared machine comes out of the emulator's
 * budget.
 */
final class LoadLoop {

    private final EmulatorLoadGenerator.Target target;
    private final long countFrom;
    private final long stopAt;
    private final Selector selector;
    private final List<LoadConnection> connections = new ArrayList<>();
    private final Map<Integer, Long> otherStatuses = new TreeMap<>();
    private long okCalls;
    private long ioFailures;

    LoadLoop(EmulatorLoadGenerator.Target target, int concurrency, long countFrom, long stopAt) throws IOException {
        this.target = target;
        this.countFrom = countFrom;
        this.stopAt = stopAt;
        this.selector = Selector.open();
        for (int i = 0; i < concurrency; i++) {
            connections.add(new LoadConnection(PatchableRequest.build(target, i)));
        }
    }

    long okCalls() {
        return okCalls;
    }

    long ioFailures() {
        return ioFailures;
    }

    Map<Integer, Long> otherStatuses() {
        return otherStatuses;
    }

    /** Runs until {@code stopAt}; calls still in flight then are abandoned, they would not count anyway. */
    void run() throws IOException {
        try {
            for (LoadConnection connection : connections) {
                connection.connectAndSend();
            }
            long left;
            while ((left = stopAt - System.nanoTime()) > 0) {
                selector.select(this::onReady, Math.max(1, left / 1_000_000));
            }
        } finally {
            connections.forEach(LoadConnection::close);
            selector.close();
        }
    }

    private void onReady(SelectionKey key) {
        LoadConnection connection = (LoadConnection) key.attachment();
        try {
            if (key.isValid() && key.isWritable()) {
                connection.writeRest();
            }
            if (key.isValid() && key.isReadable()) {
                connection.readAnswers();
            }
        } catch (IOException e) {
            if (System.nanoTime() < stopAt) {
                ioFailures++;
            }
            connection.reconnect();
        }
    }

    private void count(int status) {
        long now = System.nanoTime();
        if (now < countFrom || now > stopAt) {
            return;
        }
        if (status == 200) {
            okCalls++;
        } else {
            otherStatuses.merge(status, 1L, Long::sum);
        }
    }

    /** One keep-alive connection with its request template and answer parser. */
    private final class LoadConnection {

        private final PatchableRequest request;
        private SocketChannel channel;
        private SelectionKey key;
        private AnswerParser answers;
        private ByteBuffer unwritten;
        private long sequence;

        LoadConnection(PatchableRequest request) {
            this.request = request;
        }

        void connectAndSend() throws IOException {
            channel = SocketChannel.open();
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.connect(new InetSocketAddress(target.host(), target.port()));
            channel.configureBlocking(false);
            key = channel.register(selector, SelectionKey.OP_READ, this);
            answers = new AnswerParser();
            sendNext();
        }

        void readAnswers() throws IOException {
            if (answers.readFrom(channel) < 0) {
                throw new IOException("the emulator closed the connection");
            }
            int status;
            while ((status = answers.nextStatus()) >= 0) {
                count(status);
                if (answers.closeAfterThis()) {
                    reconnect();
                    return;
                }
                sendNext();
            }
        }

        void writeRest() throws IOException {
            channel.write(unwritten);
            if (!unwritten.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        void reconnect() {
            close();
            if (System.nanoTime() < stopAt) {
                try {
                    connectAndSend();
                } catch (IOException e) {
                    ioFailures++;
                }
            }
        }

        void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // A connection we are done with.
                }
                channel = null;
            }
        }

        private void sendNext() throws IOException {
            if (System.nanoTime() >= stopAt) {
                return;
            }
            request.patchSequence(sequence++);
            unwritten = ByteBuffer.wrap(request.bytes());
            channel.write(unwritten);
            if (unwritten.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
        }
    }
}

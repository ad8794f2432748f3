package io.pushgateway.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One keep-alive client connection, owned by one {@link EventLoop}; every method runs on that
 * loop's thread. Requests are answered strictly one after the other, as HTTP/1.1 requires: the
 * next request (possibly pipelined, already buffered) is only parsed once the current answer has
 * been written completely.
 */
final class HttpConnection {

    private enum State { READING, ANSWERING, CLOSED }

    private final EventLoop loop;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final RequestReader reader = new RequestReader();
    private State state = State.READING;
    /** What the socket did not take of the current answer yet. */
    private ByteBuffer unwritten;
    private boolean closeAfterAnswer;
    /** The client will send nothing more (it closed or half-closed its side). */
    private boolean inputEnded;
    /** Guards {@link #processRequests()} against re-entry when a handler answers synchronously. */
    private boolean processing;

    HttpConnection(EventLoop loop, SocketChannel channel, SelectionKey key) {
        this.loop = loop;
        this.channel = channel;
        this.key = key;
    }

    EventLoop loop() {
        return loop;
    }

    boolean isClosed() {
        return state == State.CLOSED;
    }

    void onReadable() {
        int read;
        try {
            read = reader.readFrom(channel, state == State.READING);
        } catch (IOException e) {
            close();
            return;
        }
        if (read < 0) {
            inputEnded = true;
            // Level-triggered: an ended stream would report "readable" forever.
            setInterest(key.interestOps() & ~SelectionKey.OP_READ);
            if (state == State.READING) {
                processRequests();
            }
            return;
        }
        if (state == State.READING) {
            processRequests();
        } else if (read == 0 && !reader.hasRoom()) {
            // Pipelined requests filled the buffer: stop reading until the current answer is out.
            setInterest(key.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    void onWritable() {
        try {
            channel.write(unwritten);
        } catch (IOException e) {
            close();
            return;
        }
        if (!unwritten.hasRemaining()) {
            unwritten = null;
            setInterest(key.interestOps() & ~SelectionKey.OP_WRITE);
            answerWritten();
        }
    }

    /** Writes the answer to the request being answered; {@code close} ends the connection after it. */
    void write(byte[] answer, boolean close) {
        if (state != State.ANSWERING) {
            return;
        }
        closeAfterAnswer = close;
        ByteBuffer out = ByteBuffer.wrap(answer);
        try {
            channel.write(out);
        } catch (IOException e) {
            // The client gave up (timed out) or went away: nothing left to tell anyone.
            close();
            return;
        }
        if (out.hasRemaining()) {
            unwritten = out;
            setInterest(key.interestOps() | SelectionKey.OP_WRITE);
            return;
        }
        answerWritten();
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        key.cancel();
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a connection we are done with: nothing to do about a failure.
        }
        loop.forget(this);
    }

    private void answerWritten() {
        if (closeAfterAnswer) {
            close();
            return;
        }
        state = State.READING;
        if (!inputEnded) {
            setInterest(key.interestOps() | SelectionKey.OP_READ);
        }
        processRequests();
    }

    /** Parses and dispatches buffered requests until one is left waiting for its answer or bytes run out. */
    private void processRequests() {
        if (processing) {
            return;
        }
        processing = true;
        try {
            while (state == State.READING) {
                RequestReader.Request request;
                try {
                    request = reader.next();
                } catch (RequestReader.Malformed malformed) {
                    refuse(malformed.status, malformed.getMessage());
                    return;
                }
                if (request == null) {
                    awaitMoreBytes();
                    return;
                }
                state = State.ANSWERING;
                loop.dispatch(callFor(request));
            }
        } finally {
            processing = false;
        }
    }

    private void awaitMoreBytes() {
        if (inputEnded) {
            close();
        } else if (reader.isFull()) {
            refuse(413, "Request too large");
        } else if (reader.takeContinueRequest()) {
            try {
                channel.write(ByteBuffer.wrap(AnswerEncoder.CONTINUE));
            } catch (IOException e) {
                close();
            }
        }
    }

    private HttpCall callFor(RequestReader.Request request) {
        RequestHeaders headers = request.headers();
        boolean keepAlive = request.http11()
                ? !headers.hasToken("Connection", "close")
                : headers.hasToken("Connection", "keep-alive");
        return new HttpCall(this, request.method(), request.rawPath(), headers, request.body(), keepAlive);
    }

    /** Answers a request that cannot be parsed, then closes: what follows it cannot be framed either. */
    private void refuse(int status, String reason) {
        state = State.ANSWERING;
        write(loop.encode(HttpAnswer.text(status, reason), false, true), true);
    }

    private void setInterest(int ops) {
        if (key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }
}

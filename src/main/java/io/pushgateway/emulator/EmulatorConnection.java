package io.pushgateway.emulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.concurrent.TimeUnit;

/**
 * What the {@link EmulatorHttpServer} knows about one client connection: whether it speaks HTTP/2
 * and, for HTTP/1.1, whether a request is being answered, so a GOAWAY request can close it the
 * moment it is idle. Its counters are only touched on the connection's own event loop.
 */
final class EmulatorConnection {

    private final HttpConnection connection;
    private final Context context;
    private final boolean http2;
    private int answering;
    private boolean closeWhenIdle;

    EmulatorConnection(HttpConnection connection, Context context) {
        this.connection = connection;
        this.context = context;
        this.http2 = speaksHttp2(connection);
        if (!http2) {
            answerAfterInputEnds();
        }
    }

    boolean http2() {
        return http2;
    }

    void requestStarted() {
        answering++;
    }

    /** The answer of one request is written; an HTTP/1.1 connection told to go away closes now. */
    void answerWritten() {
        answering = Math.max(0, answering - 1);
        if (closeWhenIdle && answering == 0) {
            connection.close();
        }
    }

    /** Whether the next answer on this HTTP/1.1 connection is its last one. */
    boolean closesAfterAnswer() {
        return closeWhenIdle;
    }

    /** Any thread: GOAWAY (HTTP/2) or close once idle (HTTP/1.1), on the connection's event loop. */
    void goAway() {
        context.runOnContext(ignored -> {
            if (http2) {
                // Vert.x's graceful shutdown: GOAWAY with the last stream it took, then close once those are answered.
                connection.shutdown(EmulatorHttpServer.GOAWAY_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                closeOnceIdle();
            }
        });
    }

    private void closeOnceIdle() {
        if (answering == 0) {
            connection.close();
        } else {
            closeWhenIdle = true;
        }
    }

    /**
     * A client may half-close its side right after its last request and still wait for the answer.
     * Netty closes the whole channel at end of input unless half-closure is allowed, and Vert.x
     * offers no option for it, so this reaches the connection's channel (an internal Vert.x type):
     * the input end is noticed after the decoder has passed on every request it held, and the
     * connection closes once those are answered.
     */
    private void answerAfterInputEnds() {
        if (!(connection instanceof ConnectionBase base)) {
            return;
        }
        Channel channel = base.channel();
        channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
        channel.pipeline().addBefore("handler", "emulator-input-end", new ChannelInboundHandlerAdapter() {
            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
                if (event instanceof ChannelInputShutdownEvent) {
                    closeOnceIdle();
                }
                super.userEventTriggered(ctx, event);
            }
        });
    }

    /** Vert.x 4 has no public protocol getter, but only HTTP/2 connections have SETTINGS. */
    private static boolean speaksHttp2(HttpConnection connection) {
        try {
            connection.remoteSettings();
            return true;
        } catch (UnsupportedOperationException http1) {
            return false;
        }
    }
}

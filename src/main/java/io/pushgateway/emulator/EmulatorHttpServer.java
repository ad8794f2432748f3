package io.pushgateway.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The emulator's own small HTTP/1.1 server: a few {@link EventLoop}s over NIO, keep-alive,
 * Content-Length and chunked request bodies, {@code Expect: 100-continue}, pipelining. It replaced
 * {@code com.sun.net.httpserver.HttpServer}, whose per-request thread handoffs, blocking-mode flips
 * and two writes per answer cost several times more CPU than judging a send.
 *
 * <p>Requests go to the route with the longest matching path prefix. Routes marked inline (the
 * sends, whose handlers only parse a small body and never block) run on the event loop; the others
 * (OAuth signatures, admin endpoints that may walk big maps or stop this very server) run on the
 * worker pool and hand their answer back to the loop.
 */
final class EmulatorHttpServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHttpServer.class);
    private static final long STOP_PATIENCE_MILLIS = 5_000;
    private static final HttpAnswer NO_ROUTE =
            HttpAnswer.html(404, "<h1>404 Not Found</h1>No context found for request");

    /** Requests whose path starts with {@code prefix} go to {@code handler}. */
    record Route(String prefix, CallHandler handler, boolean inline) {
    }

    private final List<Route> routes;
    private final Executor workers;
    private final List<EventLoop> loops = new ArrayList<>();
    private final ServerSocketChannel listening;
    private int nextLoop;

    private EmulatorHttpServer(List<Route> routes, Executor workers, ServerSocketChannel listening) {
        this.routes = routes.stream().sorted(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed()).toList();
        this.workers = workers;
        this.listening = listening;
    }

    /** Binds {@code address} and starts {@code loopCount} event loops; throws BindException if the port is taken. */
    static EmulatorHttpServer start(InetSocketAddress address, int backlog, int loopCount, List<Route> routes,
                                    Executor workers) throws IOException {
        ServerSocketChannel listening = ServerSocketChannel.open();
        try {
            // A port freed by a refuse outage must be bindable again at once, despite connections in TIME_WAIT.
            listening.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listening.bind(address, backlog);
            EmulatorHttpServer server = new EmulatorHttpServer(routes, workers, listening);
            for (int i = 0; i < loopCount; i++) {
                server.loops.add(new EventLoop(server, "fcm-emulator-loop-" + (i + 1)));
            }
            server.loops.get(0).acceptFrom(listening);
            server.loops.forEach(EventLoop::start);
            return server;
        } catch (IOException | RuntimeException e) {
            listening.close();
            throw e;
        }
    }

    int port() {
        return listening.socket().getLocalPort();
    }

    /**
     * Closes the listening socket and every connection; answers still waiting are dropped. Answers
     * handed to a loop before this call are written first. Returns once the port is closed, unless
     * called from an event loop, which cannot wait for itself.
     */
    void stop() {
        // The accepting loop first, so no connection is handed to a loop that already stopped.
        for (EventLoop loop : loops) {
            loop.stop();
            if (!loop.isLoopThread()) {
                try {
                    loop.thread().join(STOP_PATIENCE_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Round robin: spreads connections over the loops. Only the accepting loop calls this. */
    EventLoop nextLoop() {
        EventLoop loop = loops.get(nextLoop);
        nextLoop = (nextLoop + 1) % loops.size();
        return loop;
    }

    /** Runs the route for {@code call}, inline or on a worker; called by the loop that read it. */
    void dispatch(HttpCall call) {
        Route route = routeFor(call.rawPath());
        if (route == null) {
            call.answer(NO_ROUTE);
        } else if (route.inline()) {
            run(route.handler(), call);
        } else {
            try {
                workers.execute(() -> run(route.handler(), call));
            } catch (RejectedExecutionException shuttingDown) {
                call.answer(HttpAnswer.text(503, "Service Unavailable"));
            }
        }
    }

    private Route routeFor(String path) {
        for (Route route : routes) {
            if (path.startsWith(route.prefix())) {
                return route;
            }
        }
        return null;
    }

    private static void run(CallHandler handler, HttpCall call) {
        try {
            handler.handle(call);
        } catch (RuntimeException bug) {
            // Without an answer the client would wait for its timeout, which looks like a network fault.
            LOG.warn("An FCM emulator handler failed", bug);
            call.answer(HttpAnswer.text(500, "FCM emulator bug: " + bug));
        }
    }
}

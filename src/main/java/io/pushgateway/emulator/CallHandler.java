package io.pushgateway.emulator;

/** Answers one kind of request of the {@link EmulatorHttpServer}; must answer every call exactly once. */
@FunctionalInterface
interface CallHandler {

    void handle(HttpCall call);
}

/**
 * The demo's producer and feedback reader, run by {@code scripts/demo.sh} against a running
 * gateway. It talks to the gateway only through the broker, as any other system would, so it
 * imports nothing of the gateway.
 */
package io.pushgateway.demo;

/**
 * The HTTP client the senders post through (Vert.x, HTTP/2 multiplexed or HTTP/1.1 keep-alive),
 * with its settings: connections, streams, timeouts, trust and the bound on requests in flight.
 * {@code ProviderTrust} is that trust, shared with the OAuth token client.
 * It decides how bytes reach a provider and when a request is sent again on a fresh stream; what
 * an answer means is the sender's.
 */
package io.pushgateway.provider.http;

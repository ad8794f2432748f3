/**
 * The feedback events of contract section 3: a token update when FCM names a canonical
 * registration id, a token delete when a token is gone for good.
 */
package io.pushgateway.feedback;

/**
 * FCM HTTP v1 specifics: the message body of a request, written once per request and completed
 * per target, and OAuth 2 access tokens from a service account (google-auth-library).
 */
package io.pushgateway.provider.fcm;

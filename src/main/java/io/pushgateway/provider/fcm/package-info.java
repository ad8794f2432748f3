/**
 * FCM HTTP v1 specifics: the message body of a request, written once per request and completed
 * per target, and OAuth 2 access tokens (google-auth-library) from a service-account file or
 * Google's Application Default Credentials, fetched through a transport that trusts what the send
 * client trusts, with a failing fetch logged once per change of state.
 */
package io.pushgateway.provider.fcm;

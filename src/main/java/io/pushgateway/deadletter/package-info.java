/**
 * Dead letters: the request reduced to the tokens that failed for good (or the bytes as received
 * when it could not be read), with its error code, detail and attempt. Details are written from
 * codes and counts only, so no secret reaches them.
 */
package io.pushgateway.deadletter;

/**
 * HTTP samples: an OkHttp client against the JDK's own HTTP server, through a chaos proxy: which
 * timeout fires under a slow, a sliced, a throttled and a trickling response, and a retry once
 * the chaos is gone ({@link HttpTimeoutsTest}).
 */
package dev.chaosproxy.samples.http;

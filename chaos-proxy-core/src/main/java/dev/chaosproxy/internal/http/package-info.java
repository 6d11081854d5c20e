/**
 * The HTTP/1.1 wire tracker behind HTTP-aware faults: an {@code HttpTracker} per connection, fed
 * each direction's bytes as read, tells an {@code HttpListener} where every request and response
 * head and body ends (absolute offsets per direction), with the parsed line and headers, responses
 * paired with requests in order (pipelining), framing per RFC 9112 (Content-Length, chunked with
 * extensions and trailers, no body for HEAD, 1xx, 204 and 304, until EOF otherwise; interim 100
 * responses for {@code Expect: 100-continue}). After a 101 or a successful CONNECT each direction
 * passes through. It never holds or changes a byte: on a malformed line, a head over 64 KiB or 100
 * fields, HTTP/2 prior knowledge, TLS, conflicting lengths or a bad chunk it gives up once and
 * counts bytes from then on. Only the current head is held; bodies are counted, never buffered. Not
 * the control API's server, which lives in {@code internal.api.http}.
 */
package dev.chaosproxy.internal.http;

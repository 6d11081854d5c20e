/**
 * The proxy proper. {@code LocalProxy} listens and keeps the registry; a {@code Connection} owns a
 * client socket, an upstream socket and two {@code Flow}s (one per direction); each toxic acting on
 * a connection is an {@code Effect} with hooks on reads, on writes of the head of the queue, and on
 * the close. On an HTTP proxy, an {@code HttpSession} per connection sits between each flow's reads
 * and its effects: it follows the requests and responses and applies the HTTP toxics ({@code
 * HttpFaultEffect}) to each request's {@code Exchange}.
 */
package dev.chaosproxy.internal.relay;

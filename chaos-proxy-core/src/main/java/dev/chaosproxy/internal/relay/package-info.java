/**
 * The proxy proper. {@code LocalProxy} listens and keeps the registry; a {@code Connection} owns a
 * client socket, an upstream socket and two {@code Flow}s (one per direction); each toxic acting on
 * a connection is an {@code Effect} with hooks on reads, on writes of the head of the queue, and on
 * the close.
 */
package dev.chaosproxy.internal.relay;

/**
 * Event loops: one thread, one selector, a task queue for work handed over from other threads, and
 * a timer heap timed by the loop's {@link dev.chaosproxy.internal.loop.Ticker}. Channels registered
 * with a loop are touched only by its thread; methods that must run there say so with {@link
 * dev.chaosproxy.internal.loop.EventLoop#checkInLoop}.
 */
package dev.chaosproxy.internal.loop;

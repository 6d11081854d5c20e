/**
 * Event loops: one thread, one selector, a task queue for work handed over from other threads,
 * and a timer heap. Channels registered with a loop are touched only by its thread.
 */
package dev.chaosproxy.internal.loop;

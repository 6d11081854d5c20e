/**
 * Schedules at run time: their timers on an event loop, their changes to a proxy on one engine-wide
 * thread (control calls wait for the loops, so a loop must not make them), their waits.
 */
package dev.chaosproxy.internal.schedule;

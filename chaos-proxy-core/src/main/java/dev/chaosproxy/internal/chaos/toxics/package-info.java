/**
 * One descriptor per toxic type, named after it ({@code reset_peer} is {@code ResetPeer}): its
 * typed attributes, checks across them, the effect it makes, and the attributes of the vocabulary's
 * calls. A new toxic type is a file here, a line in {@code ToxicDescriptor.of}, its effect in
 * {@code internal/relay}, and its tests.
 */
package dev.chaosproxy.internal.chaos.toxics;

package io.federa.shared;

/**
 * Answers "who is acting right now, and from where?" for the event a module is about to publish.
 * The identity module implements it from the security context and the current HTTP request; outside
 * a request (scheduled work) it answers {@link Actor#system()}.
 */
public interface Actors {

    Actor current();
}

package io.rolloutguard.policy;

/**
 * A violation with its decided outcome.
 *
 * @param grandfathered true when the old object of an UPDATE already had it, so it only warns
 */
public record Finding(Violation violation, Mode mode, Outcome outcome, boolean grandfathered) {}

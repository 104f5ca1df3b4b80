package io.cilicensing.engine;

/**
 * The decision was stopped from outside through its {@link HaltSignal} (its time budget ran out):
 * nobody waits for its answer any more. Not an error code of its own: the caller has already
 * answered {@link DecisionTimeoutException}.
 */
public final class DecisionHaltedException extends RuntimeException {
    public DecisionHaltedException() {
        super("the decision was halted after its time budget", null, false, false);
    }
}

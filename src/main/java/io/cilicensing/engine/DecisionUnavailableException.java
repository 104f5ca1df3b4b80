package io.cilicensing.engine;

/**
 * A fact set that was not decided because no decision could be had in time: 503 with
 * {@link #code()} (README > Endpoints). The facts may be fine; the caller may retry.
 */
public abstract sealed class DecisionUnavailableException extends RuntimeException
        permits DecisionTimeoutException, DecisionThreadsExhaustedException {
    DecisionUnavailableException(String message) {
        super(message, null, false, false);
    }

    /** The error code of the answer. */
    public abstract String code();
}

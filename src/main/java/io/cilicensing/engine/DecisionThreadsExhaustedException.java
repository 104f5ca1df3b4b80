package io.cilicensing.engine;

/**
 * Every decision thread is stuck in a rule that has not returned, so nothing can be decided
 * until the instance restarts (its liveness is DOWN).
 */
public final class DecisionThreadsExhaustedException extends DecisionUnavailableException {
    public static final String CODE = "DECISION_THREADS_EXHAUSTED";

    public DecisionThreadsExhaustedException(String message) {
        super(message);
    }

    public DecisionThreadsExhaustedException(int threads) {
        super("no decision can run: all " + threads + " decision threads (property decisions.threads) are"
                + " stuck in rules that did not return; the instance reports itself not live so it is restarted");
    }

    @Override
    public String code() {
        return CODE;
    }
}

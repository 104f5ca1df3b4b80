package io.cilicensing.engine;

import java.time.Duration;

/** The decision did not end within its time budget ({@code decisions.time-budget}). */
public final class DecisionTimeoutException extends DecisionUnavailableException {
    public static final String CODE = "DECISION_TIMEOUT";

    public DecisionTimeoutException(Duration budget) {
        super("the decision did not end within its time budget of " + budget.toMillis()
                + " ms (property decisions.time-budget) and was abandoned");
    }

    @Override
    public String code() {
        return CODE;
    }
}

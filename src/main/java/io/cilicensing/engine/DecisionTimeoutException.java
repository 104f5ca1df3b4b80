package io.cilicensing.engine;

import java.time.Duration;

/**
 * The decision did not end within its time budget ({@code decisions.time-budget}, or the budget
 * of the run it is part of). {@link #rule()} names the rule it was running when it was abandoned,
 * when known: the rule whose consequence was running, or whose condition was being evaluated.
 */
public final class DecisionTimeoutException extends DecisionUnavailableException {
    public static final String CODE = "DECISION_TIMEOUT";

    private final String rule;

    public DecisionTimeoutException(Duration budget) {
        this(budget, "decisions.time-budget", null);
    }

    /** Past {@code budget}, set by property {@code property}, while running {@code rule} (null: not known). */
    public DecisionTimeoutException(Duration budget, String property, String rule) {
        super("the decision did not end within its time budget of " + budget.toMillis() + " ms (property " + property
                + ") and was abandoned" + (rule == null ? "" : "; it was running rule \"" + rule + "\""));
        this.rule = rule;
    }

    /** The rule the decision was running when abandoned, or null. */
    public String rule() {
        return rule;
    }

    @Override
    public String code() {
        return CODE;
    }
}

package io.cilicensing.engine;

/** A rule's consequence threw while deciding: a defect of the ruleset, named with the rule. */
public final class RuleFailedException extends RuntimeException {
    /** The error code of the error contract (README > Errors). */
    public static final String CODE = "RULE_FAILED";

    private final String rule;

    public RuleFailedException(String rule, Throwable cause) {
        super("rule \"" + rule + "\" failed: " + rootMessage(cause), cause);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }
}

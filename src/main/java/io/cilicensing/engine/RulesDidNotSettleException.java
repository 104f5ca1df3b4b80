package io.cilicensing.engine;

import java.util.List;

/** The rules kept firing past the firing limit; {@link #rules()} names the ones that fired most. */
public final class RulesDidNotSettleException extends RuntimeException {
    /** The error code of the error contract (README > Errors). */
    public static final String CODE = "RULES_DID_NOT_SETTLE";

    private final transient List<String> rules;

    public RulesDidNotSettleException(int limit, long facts, List<String> rules) {
        super("the rules fired " + limit + " times without settling (the firing limit for " + facts
                + " facts: rules.firing-limit + rules.firings-per-fact × facts); most fired: " + String.join(", ", rules));
        this.rules = List.copyOf(rules);
    }

    public List<String> rules() {
        return rules;
    }
}

package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonLocation;
import java.util.List;

/**
 * A request body that cannot become a fact set. {@code error} is the the request contract error code:
 * MALFORMED_JSON, INVALID_FACTS or TOO_LARGE; {@code violations} lists every problem found.
 */
public final class BadFactsException extends RuntimeException {
    private final String error;
    private final List<Violation> violations;

    public BadFactsException(String error, String message, List<Violation> violations) {
        super(message);
        this.error = error;
        this.violations = List.copyOf(violations);
    }

    public static BadFactsException malformed(String message) {
        return new BadFactsException("MALFORMED_JSON", message, List.of());
    }

    /** MALFORMED_JSON at a parser location: {@code line L, column C: message} (1-based; 1 when unknown). */
    public static BadFactsException malformed(JsonLocation at, String message) {
        int line = at == null ? 1 : Math.max(at.getLineNr(), 1);
        int column = at == null ? 1 : Math.max(at.getColumnNr(), 1);
        return malformed("line " + line + ", column " + column + ": " + message);
    }

    public static BadFactsException tooLarge(String message) {
        return new BadFactsException("TOO_LARGE", message, List.of());
    }

    public static BadFactsException invalid(List<Violation> violations) {
        return new BadFactsException("INVALID_FACTS",
                violations.size() == 1 ? "1 problem in the fact set" : violations.size() + " problems in the fact set",
                violations);
    }

    /**
     * INVALID_FACTS for a fact set whose numbers add up past what a {@code long} holds (a sum
     * the rules make overflowed): a 400, never a wrong answer. The bounds of {@link FactLimits}
     * keep every fact set within the default body limit below it.
     */
    public static BadFactsException numbersTooLarge(String rule) {
        return invalid(List.of(new Violation("", "the numbers of the fact set add up past " + Long.MAX_VALUE
                + " (in rule '" + rule + "'); state smaller quantities, packs or counts")));
    }

    public String error() { return error; }
    public List<Violation> violations() { return violations; }
}

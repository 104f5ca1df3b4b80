package io.cilicensing.engine;

import java.util.List;
import java.util.stream.Collectors;

/** The rule files do not compile; {@link #errors()} has every error of every file. */
public final class RulesetCompilationException extends RuntimeException {
    private final transient List<RuleError> errors;

    public RulesetCompilationException(String origin, List<RuleError> errors) {
        super("the rules in " + origin + " do not compile (" + errors.size() + " error"
                + (errors.size() == 1 ? "" : "s") + "):\n"
                + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}

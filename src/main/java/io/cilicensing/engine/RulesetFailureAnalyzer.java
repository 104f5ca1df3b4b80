package io.cilicensing.engine;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a start stopped by rule compile errors into a plain list of {@code file:line: message}. */
public final class RulesetFailureAnalyzer extends AbstractFailureAnalyzer<RulesetCompilationException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RulesetCompilationException cause) {
        StringBuilder sb = new StringBuilder("The rule files do not compile; the service did not start.\n");
        cause.errors().forEach(e -> sb.append("  ").append(e).append('\n'));
        return new FailureAnalysis(sb.toString(),
                "Fix the errors above (check them with 'java -jar <jar> validate <rules-dir>'), or start with "
                        + "--rules.dir pointing at a ruleset that compiles.", cause);
    }
}

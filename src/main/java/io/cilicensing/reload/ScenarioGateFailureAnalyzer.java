package io.cilicensing.reload;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A start stopped by the scenario gate: lists the failing scenarios with their differences. */
public final class ScenarioGateFailureAnalyzer extends AbstractFailureAnalyzer<ScenarioGateException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ScenarioGateException cause) {
        return new FailureAnalysis("The rules compile, but " + cause.getMessage(),
                "Fix the rules or the scenarios (run 'java -jar <jar> scenarios'), or start with --rules.gate=false "
                        + "to serve rules that fail scenarios.", cause);
    }
}

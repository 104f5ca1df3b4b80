package io.cilicensing.reload;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.engine.RuleError;
import io.cilicensing.scenarios.Difference;
import io.cilicensing.worker.CandidateFailure;
import java.time.Instant;
import java.util.List;

/**
 * What one reload (or validation) of the rules found. {@code outcome}: LIVE (the candidate went
 * live), UNCHANGED (same content as the live ruleset), COMPILE_FAILED, SCENARIOS_FAILED,
 * CANDIDATE_FAILED (the candidate stopped, hung or exhausted the worker process that checks it:
 * {@code failure} says how, in which rule and scenario when known), or VALID for a validation
 * that would go live. {@code failure} is null for every other outcome.
 */
@JsonPropertyOrder({"time", "trigger", "outcome", "version", "message", "errors", "failingScenarios", "scenariosRun",
        "failure"})
public record ReloadAttempt(Instant time, String trigger, String outcome, String version, String message,
                            List<RuleError> errors, List<FailingScenario> failingScenarios, int scenariosRun,
                            CandidateFailure failure) {

    public ReloadAttempt(Instant time, String trigger, String outcome, String version, String message,
                         List<RuleError> errors, List<FailingScenario> failingScenarios, int scenariosRun) {
        this(time, trigger, outcome, version, message, errors, failingScenarios, scenariosRun, null);
    }

    /** A scenario the candidate ruleset fails, with its differences. */
    @JsonPropertyOrder({"file", "name", "differences"})
    public record FailingScenario(String file, String name, List<Difference> differences) {}

    public boolean live() {
        return "LIVE".equals(outcome);
    }
}

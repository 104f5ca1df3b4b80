package io.cilicensing.reload;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.engine.RuleError;
import io.cilicensing.impact.ImpactReport;
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
 *
 * <p>A reload that replaced a live ruleset also gets what the change did to the recent decision
 * log window, computed after the swap: {@code impactState} PENDING while it runs, then DONE with
 * {@code impact} (or FAILED); null for attempts that replaced nothing.
 */
@JsonPropertyOrder({"time", "trigger", "outcome", "version", "message", "errors", "failingScenarios", "scenariosRun",
        "failure", "impactState", "impact"})
public record ReloadAttempt(Instant time, String trigger, String outcome, String version, String message,
                            List<RuleError> errors, List<FailingScenario> failingScenarios, int scenariosRun,
                            CandidateFailure failure, String impactState, ImpactReport impact) {

    public static final String IMPACT_PENDING = "PENDING";
    public static final String IMPACT_DONE = "DONE";
    public static final String IMPACT_FAILED = "FAILED";

    public ReloadAttempt(Instant time, String trigger, String outcome, String version, String message,
                         List<RuleError> errors, List<FailingScenario> failingScenarios, int scenariosRun) {
        this(time, trigger, outcome, version, message, errors, failingScenarios, scenariosRun, null, null, null);
    }

    public ReloadAttempt(Instant time, String trigger, String outcome, String version, String message,
                         List<RuleError> errors, List<FailingScenario> failingScenarios, int scenariosRun,
                         CandidateFailure failure) {
        this(time, trigger, outcome, version, message, errors, failingScenarios, scenariosRun, failure, null, null);
    }

    /** This attempt with its impact state (and report, when done). */
    public ReloadAttempt withImpact(String state, ImpactReport report) {
        return new ReloadAttempt(time, trigger, outcome, version, message, errors, failingScenarios, scenariosRun, failure,
                state, report);
    }

    /** A scenario the candidate ruleset fails, with its differences. */
    @JsonPropertyOrder({"file", "name", "differences"})
    public record FailingScenario(String file, String name, List<Difference> differences) {}

    public boolean live() {
        return "LIVE".equals(outcome);
    }
}

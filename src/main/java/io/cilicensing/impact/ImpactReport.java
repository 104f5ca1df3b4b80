package io.cilicensing.impact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.worker.CandidateFailure;
import io.cilicensing.engine.RuleError;
import java.util.List;

/**
 * What a candidate ruleset changes, compared with a baseline, over a set of fact sets (the shape
 * agreed in notes/impact-shape.md; the CLI's {@code --json} and {@code POST /v1/ruleset/impact}
 * answer it as is). Plain data: it serializes to JSON and back, so it can be computed in another
 * process.
 *
 * <p>{@code outcome}: NO_CHANGE (no replayed decision answers differently), CHANGED, or
 * COMPILE_FAILED (the candidate does not compile: {@code errors} lists file, line and message,
 * nothing is replayed). {@code timedOut}: replayed decisions whose fact set did not end within its
 * time budget with either ruleset (DECISION_TIMEOUT; its group in {@code groups} names the rule it
 * was running); the replay went on without them.
 */
@JsonPropertyOrder({"outcome", "baseline", "candidate", "errors", "failure", "source", "replayed", "changed",
        "notReplayable", "timedOut", "cutShort", "cutShortReason", "durationMillis", "groups", "ruleFirings"})
public record ImpactReport(String outcome, BaselineRef baseline, CandidateRef candidate, List<RuleError> errors,
                           CandidateFailure failure, Source source, int replayed, int changed, int notReplayable,
                           int timedOut, boolean cutShort, String cutShortReason, long durationMillis,
                           List<Group> groups, List<RuleFiring> ruleFirings) {

    public ImpactReport(String outcome, BaselineRef baseline, CandidateRef candidate, List<RuleError> errors,
                        Source source, int replayed, int changed, int notReplayable, boolean cutShort,
                        String cutShortReason, long durationMillis, List<Group> groups, List<RuleFiring> ruleFirings) {
        this(outcome, baseline, candidate, errors, null, source, replayed, changed, notReplayable, 0, cutShort,
                cutShortReason, durationMillis, groups, ruleFirings);
    }

    /** The report of a candidate that stopped, hung or exhausted the worker process replaying it. */
    public static ImpactReport candidateFailed(BaselineRef baseline, CandidateFailure failure, Source source) {
        return new ImpactReport(CANDIDATE_FAILED, baseline, new CandidateRef(null), List.of(), failure, source, 0, 0, 0,
                0, false, null, 0, List.of(), List.of());
    }

    public static final String NO_CHANGE = "NO_CHANGE";
    public static final String CHANGED = "CHANGED";
    public static final String COMPILE_FAILED = "COMPILE_FAILED";
    /** The candidate stopped, hung or exhausted the worker process that replays it; {@code failure} says how. */
    public static final String CANDIDATE_FAILED = "CANDIDATE_FAILED";

    /** The ruleset the candidate is compared with: its version, and "live" or the directory it came from. */
    public record BaselineRef(String version, String origin) {}

    /** The candidate's version; null when it does not compile. */
    public record CandidateRef(String version) {}

    /** Where the fact sets came from. {@code kind}: log, facts or scenarios. */
    public record Source(String kind, String description) {}

    /**
     * One kind of change and how many decisions show it. {@code aspect}: verdict, request,
     * finding, entitlement, deadline or error; {@code rules}: the rules through which it changes;
     * {@code examples}: at most five decisions that show it, in input order; {@code interpretations}:
     * where one of those rules reads the policy rather than quotes it, its interpretation (absent
     * when none does), so that a change resting on a reading of the policy says so.
     */
    @JsonPropertyOrder({"aspect", "change", "count", "rules", "examples", "interpretations"})
    public record Group(String aspect, String change, int count, List<String> rules, List<Example> examples,
                        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Interpretation> interpretations) {}

    /** The interpretation of a rule with catalogue ID {@code ruleId} ({@code @interpretation} in its DRL). */
    @JsonPropertyOrder({"ruleId", "interpretation"})
    public record Interpretation(String ruleId, String interpretation) {}

    @JsonPropertyOrder({"decisionId", "tenantId"})
    public record Example(String decisionId, String tenantId) {}

    /** A rule fired a different number of times in total over the replayed decisions. */
    @JsonPropertyOrder({"id", "baseline", "candidate"})
    public record RuleFiring(String id, long baseline, long candidate) {}

    /** The report of a candidate that does not compile. */
    public static ImpactReport compileFailed(BaselineRef baseline, List<RuleError> errors, Source source,
                                             long durationMillis) {
        return new ImpactReport(COMPILE_FAILED, baseline, new CandidateRef(null), List.copyOf(errors), source, 0, 0, 0,
                false, null, durationMillis, List.of(), List.of());
    }
}

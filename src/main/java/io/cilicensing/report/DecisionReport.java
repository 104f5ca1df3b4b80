package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;

/** The answer to a decision (the contract: Answer), plus {@code grants}: where each quota came from. */
@JsonPropertyOrder({"decisionId", "tenantId", "asOf", "ruleset", "verdict", "entitlements", "usage", "findings",
        "deadlines", "requests", "firedRules", "grants"})
public record DecisionReport(
        String decisionId,
        String tenantId,
        Instant asOf,
        RulesetRef ruleset,
        String verdict,
        Entitlements entitlements,
        UsageTotals usage,
        List<Finding> findings,
        List<Deadline> deadlines,
        List<RequestOutcome> requests,
        List<FiredRule> firedRules,
        List<Grant> grants) {

    /** Which ruleset decided. */
    public record RulesetRef(String version, Instant loadedAt) {}

    /** A request's outcome from its own findings. */
    @JsonPropertyOrder({"id", "type", "outcome"})
    public record RequestOutcome(String id, String type, String outcome) {}

    /** A rule that fired, with how often. */
    @JsonPropertyOrder({"id", "name", "count"})
    public record FiredRule(String id, String name, int count) {}
}

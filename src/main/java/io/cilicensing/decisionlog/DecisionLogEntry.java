package io.cilicensing.decisionlog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.DecisionReport.RequestOutcome;
import io.cilicensing.report.Finding;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One line of the decision log: what was decided, for whom, with which ruleset, from which
 * body ({@code bodySha256}: SHA-256 of the bytes as received, hex) and how long it took.
 * {@code batchId} and {@code batchIndex} are set for an item of {@code POST /v1/decisions/batch}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"decisionId", "time", "tenantId", "asOf", "rulesetVersion", "verdict", "findingCodes",
        "requests", "bodySha256", "durationMicros", "batchId", "batchIndex"})
public record DecisionLogEntry(String decisionId, Instant time, String tenantId, Instant asOf, String rulesetVersion,
                               String verdict, List<String> findingCodes, List<RequestOutcome> requests,
                               String bodySha256, long durationMicros, String batchId, Integer batchIndex) {

    /** The entry of a report; only references and a short list of codes, nothing serialized here. */
    public static DecisionLogEntry of(DecisionReport report, Instant time, String bodySha256, long durationNanos,
                                      String batchId, Integer batchIndex) {
        List<Finding> findings = report.findings();
        String[] codes = new String[findings.size()];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = findings.get(i).getCode();
        }
        return new DecisionLogEntry(report.decisionId(), time, report.tenantId(), report.asOf(),
                report.ruleset().version(), report.verdict(), List.of(codes), report.requests(), bodySha256,
                TimeUnit.NANOSECONDS.toMicros(durationNanos), batchId, batchIndex);
    }
}

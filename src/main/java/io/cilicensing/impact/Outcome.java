package io.cilicensing.impact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.report.Deadline;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.Finding;
import io.cilicensing.report.Grant;
import io.cilicensing.report.ReportJson;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one decision answered, reduced to what impact analysis compares: verdict, each request's
 * type and outcome, findings (code and subject, with the rule that made them), entitlements (as
 * flattened JSON leaves), deadlines, grants and rule firings; or the error it ended in, with the
 * rules it ended in when known (a decision past its time budget: the rule it was running).
 */
record Outcome(String error, Set<String> errorRules, String verdict, Map<String, String[]> requests, Map<FindingKey, String> findings,
               Map<String, JsonNode> entitlements, Map<String, Deadline> deadlines, Map<String, Long> grants,
               Map<String, Integer> firings) {
    private static final ObjectMapper JSON = ReportJson.mapper();

    record FindingKey(String code, String subject) {}

    static Outcome failed(String error) {
        return failed(error, Set.of());
    }

    /** A decision that ended in {@code error} in {@code rules} (ids; e.g. the rule running at a timeout). */
    static Outcome failed(String error, Set<String> rules) {
        return new Outcome(error, rules, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Map.of());
    }

    static Outcome of(DecisionReport r) {
        Map<String, String[]> requests = new LinkedHashMap<>();
        for (DecisionReport.RequestOutcome o : r.requests()) {
            requests.put(o.id(), new String[] {o.type(), o.outcome()});
        }
        Map<FindingKey, String> findings = new LinkedHashMap<>();
        for (Finding f : r.findings()) {
            findings.putIfAbsent(new FindingKey(f.getCode(), f.getSubject()), f.getRuleId());
        }
        Map<String, JsonNode> entitlements = new TreeMap<>();
        flatten("", JSON.valueToTree(r.entitlements()), entitlements);
        Map<String, Deadline> deadlines = new LinkedHashMap<>();
        for (Deadline d : r.deadlines()) {
            deadlines.putIfAbsent(d.code(), d);
        }
        Map<String, Long> grants = new HashMap<>();
        for (Grant g : r.grants()) {
            grants.merge(g.entitlement() + "\u0000" + g.subject() + "\u0000" + g.ruleId(), g.amount(), Long::sum);
        }
        Map<String, Integer> firings = new HashMap<>();
        for (DecisionReport.FiredRule f : r.firedRules()) {
            firings.merge(f.id(), f.count(), Integer::sum);
        }
        return new Outcome(null, Set.of(), r.verdict(), requests, findings, entitlements, deadlines, grants, firings);
    }

    private static void flatten(String prefix, JsonNode node, Map<String, JsonNode> out) {
        if (node != null && node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, node);
        }
    }
}

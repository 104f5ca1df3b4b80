package io.cilicensing.impact;

import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.report.Deadline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the baseline's and the candidate's answer to one fact set. Each difference is a
 * {@link Change}: an aspect, a description that groups equal changes across decisions
 * ("COMPLIANT → NON_COMPLIANT", "+ ENABLE_MULTI_GEO on requests"), and the rules through which
 * it changed: the rules of the findings, grants or deadlines that differ, or, where the change
 * has none of its own (a verdict, a derived entitlement), every rule whose firings or output
 * differ in this decision.
 */
final class Comparison {
    record Change(String aspect, String change, Set<String> rules) {}

    private Comparison() {}

    static List<Change> compare(Outcome base, Outcome cand) {
        if (base.error() != null || cand.error() != null) {
            if (Objects.equals(base.error(), cand.error())) {
                return List.of();
            }
            String from = base.error() == null ? "decided" : base.error();
            String to = cand.error() == null ? "decided" : cand.error();
            Set<String> rules = new TreeSet<>(base.errorRules());
            rules.addAll(cand.errorRules());
            return List.of(new Change("error", from + " → " + to, rules));
        }
        Set<String> cause = new TreeSet<>();
        Set<String> all = new TreeSet<>(base.firings().keySet());
        all.addAll(cand.firings().keySet());
        for (String id : all) {
            if (!Objects.equals(base.firings().get(id), cand.firings().get(id))) {
                cause.add(id);
            }
        }
        List<Change> changes = new ArrayList<>();

        // findings (code + subject)
        Map<String, Set<String>> findingChanges = new LinkedHashMap<>();
        Set<String> tenantSideRules = new TreeSet<>();
        Map<String, Set<String>> rulesBySubject = new LinkedHashMap<>();
        findingDiff(cand, base, "+ ", findingChanges, tenantSideRules, rulesBySubject);
        findingDiff(base, cand, "- ", findingChanges, tenantSideRules, rulesBySubject);
        findingChanges.values().forEach(cause::addAll);

        // grants, by entitlement
        Map<String, Set<String>> grantRules = new LinkedHashMap<>();
        Set<String> grantKeys = new TreeSet<>(base.grants().keySet());
        grantKeys.addAll(cand.grants().keySet());
        for (String k : grantKeys) {
            if (!Objects.equals(base.grants().get(k), cand.grants().get(k))) {
                String[] parts = k.split("\u0000", -1);
                grantRules.computeIfAbsent(parts[0], x -> new TreeSet<>()).add(parts[2]);
                cause.add(parts[2]);
            }
        }

        // deadlines
        List<Change> deadlineChanges = new ArrayList<>();
        Set<String> codes = new TreeSet<>(base.deadlines().keySet());
        codes.addAll(cand.deadlines().keySet());
        for (String code : codes) {
            Deadline b = base.deadlines().get(code);
            Deadline c = cand.deadlines().get(code);
            if (b == null) {
                deadlineChanges.add(new Change("deadline", "+ " + code, rules(c.ruleId())));
            } else if (c == null) {
                deadlineChanges.add(new Change("deadline", "- " + code, rules(b.ruleId())));
            } else {
                Set<String> r = rules(b.ruleId(), c.ruleId());
                if (!Objects.equals(b.date(), c.date())) {
                    deadlineChanges.add(new Change("deadline", code + " date " + (c.date().isAfter(b.date())
                            ? "later" : "earlier"), r));
                }
                if (!Objects.equals(b.status(), c.status())) {
                    deadlineChanges.add(new Change("deadline", code + " " + b.status() + " → " + c.status(), r));
                }
            }
        }
        deadlineChanges.forEach(d -> cause.addAll(d.rules()));

        // verdict
        if (!Objects.equals(base.verdict(), cand.verdict())) {
            changes.add(new Change("verdict", base.verdict() + " → " + cand.verdict(),
                    tenantSideRules.isEmpty() ? cause : tenantSideRules));
        }
        // requests
        Set<String> ids = new LinkedHashSet<>(base.requests().keySet());
        ids.addAll(cand.requests().keySet());
        for (String id : ids) {
            String[] b = base.requests().get(id);
            String[] c = cand.requests().get(id);
            String bo = b == null ? "(absent)" : b[1];
            String co = c == null ? "(absent)" : c[1];
            if (!bo.equals(co)) {
                String type = c != null ? c[0] : b[0];
                Set<String> r = rulesBySubject.getOrDefault("requests/" + id, Set.of());
                changes.add(new Change("request", type + " " + bo + " → " + co, r.isEmpty() ? cause : r));
            }
        }
        findingChanges.forEach((change, r) -> changes.add(new Change("finding", change, r)));
        // entitlements
        Set<String> paths = new TreeSet<>(base.entitlements().keySet());
        paths.addAll(cand.entitlements().keySet());
        for (String path : paths) {
            JsonNode b = base.entitlements().get(path);
            JsonNode c = cand.entitlements().get(path);
            if (!Objects.equals(b, c)) {
                String how;
                if (b != null && c != null && b.isNumber() && c.isNumber()) {
                    how = c.decimalValue().compareTo(b.decimalValue()) > 0 ? "increased" : "decreased";
                } else {
                    how = "changed";
                }
                Set<String> r = grantRules.getOrDefault(path, Set.of());
                changes.add(new Change("entitlement", "entitlements." + path + " " + how, r.isEmpty() ? cause : r));
            }
        }
        changes.addAll(deadlineChanges);
        return changes;
    }

    /** Findings of {@code a} not in {@code b}, as "{sign}CODE on KIND" changes with their rules. */
    private static void findingDiff(Outcome a, Outcome b, String sign, Map<String, Set<String>> out,
                                    Set<String> tenantSideRules, Map<String, Set<String>> rulesBySubject) {
        a.findings().forEach((key, ruleId) -> {
            if (!b.findings().containsKey(key)) {
                String change = sign + key.code() + " on " + kind(key.subject());
                out.computeIfAbsent(change, x -> new TreeSet<>()).add(ruleId);
                if (key.subject().startsWith("requests/")) {
                    rulesBySubject.computeIfAbsent(key.subject(), x -> new TreeSet<>()).add(ruleId);
                } else {
                    tenantSideRules.add(ruleId);
                }
            }
        });
    }

    /** "tenant", or the collection of a subject like "requests/R1" ("requests"). */
    static String kind(String subject) {
        int slash = subject.indexOf('/');
        return slash < 0 ? subject : subject.substring(0, slash);
    }

    private static Set<String> rules(String... ids) {
        Set<String> s = new TreeSet<>();
        for (String id : ids) {
            if (id != null) {
                s.add(id);
            }
        }
        return s;
    }
}

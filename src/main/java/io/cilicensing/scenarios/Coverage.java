package io.cilicensing.scenarios;

import io.cilicensing.engine.Ruleset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which rule ids of a ruleset the scenarios fire and list in {@code covers}: for each id the
 * number of scenarios that fired it, the ids no scenario fired or covers, and the covers
 * entries that name no rule of the ruleset.
 */
public record Coverage(Map<String, Integer> firedBy, Set<String> coveredIds, Set<String> neverFired,
                       Set<String> notCovered, Set<String> unknownCovers) {

    public static Coverage of(Ruleset ruleset, List<ScenarioResult> results) {
        Set<String> ids = new TreeSet<>();
        ruleset.rules().forEach(r -> {
            if (r.id() != null) {
                ids.add(r.id());
            }
        });
        Map<String, Integer> firedBy = new TreeMap<>();
        ids.forEach(id -> firedBy.put(id, 0));
        Set<String> covered = new TreeSet<>();
        Set<String> unknown = new TreeSet<>();
        for (ScenarioResult r : results) {
            new LinkedHashSet<>(r.firedRuleIds()).forEach(id -> firedBy.merge(id, 1, Integer::sum));
            for (String c : r.scenario().covers()) {
                if (ids.contains(c)) {
                    covered.add(c);
                } else {
                    unknown.add(c + " (" + r.scenario().file() + ")");
                }
            }
        }
        Set<String> never = new TreeSet<>();
        firedBy.forEach((id, n) -> {
            if (n == 0) {
                never.add(id);
            }
        });
        Set<String> notCovered = new TreeSet<>(ids);
        notCovered.removeAll(covered);
        return new Coverage(firedBy, covered, never, notCovered, unknown);
    }

    /** The table the command line prints. */
    public String table() {
        StringBuilder sb = new StringBuilder("rule id                      scenarios that fired it\n");
        firedBy.forEach((id, n) -> sb.append(String.format("  %-28s %d%n", id, n)));
        List<String> lines = new ArrayList<>();
        if (!neverFired.isEmpty()) {
            lines.add("fired by no scenario: " + String.join(" ", neverFired));
        }
        if (!notCovered.isEmpty()) {
            lines.add("in no scenario's covers: " + String.join(" ", notCovered));
        }
        if (!unknownCovers.isEmpty()) {
            lines.add("covers naming no rule of the ruleset: " + String.join(" ", unknownCovers));
        }
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString();
    }
}

package io.cilicensing.cli;

import io.cilicensing.engine.RuleError;
import io.cilicensing.impact.ImpactReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The impact report as a table for people. */
final class ImpactTable {
    private ImpactTable() {}

    static String of(ImpactReport r, String candidateDir) {
        StringBuilder sb = new StringBuilder();
        String baseline = r.baseline().origin() + " (" + shortVersion(r.baseline().version()) + ")";
        if (ImpactReport.COMPILE_FAILED.equals(r.outcome())) {
            sb.append("candidate ").append(candidateDir).append(" does not compile:\n");
            for (RuleError e : r.errors()) {
                sb.append("  ").append(e).append('\n');
            }
            sb.append(r.errors().size()).append(" error(s); nothing replayed\n");
            return sb.toString();
        }
        sb.append("candidate ").append(candidateDir).append(" (").append(shortVersion(r.candidate().version()))
                .append(") against ").append(baseline).append('\n');
        sb.append("source: ").append(r.source().kind()).append(", ").append(r.source().description()).append('\n');
        sb.append(String.format(Locale.ROOT, "replayed %,d decisions in %.1f s: %,d changed, %,d unchanged, "
                        + "%,d not replayable%n", r.replayed(), r.durationMillis() / 1e3, r.changed(),
                r.replayed() - r.changed(), r.notReplayable()));
        if (r.cutShort()) {
            sb.append("CUT SHORT: ").append(r.cutShortReason()).append('\n');
        }
        if (r.groups().isEmpty()) {
            sb.append("\nno decision changes\n");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"aspect", "change", "decisions", "rules", "examples (tenant/decision)"});
            for (ImpactReport.Group g : r.groups()) {
                List<String> ex = new ArrayList<>();
                for (int i = 0; i < Math.min(2, g.examples().size()); i++) {
                    ImpactReport.Example e = g.examples().get(i);
                    // the whole id: decision ids are time-ordered (UUID v7), their first 8 digits are the
                    // same for weeks, and `capture` takes a prefix that must name one decision
                    ex.add(e.tenantId() + "/" + e.decisionId());
                }
                if (g.examples().size() > 2) {
                    ex.add("...");
                }
                rows.add(new String[] {g.aspect(), g.change(), String.format(Locale.ROOT, "%,d", g.count()),
                        String.join(",", g.rules()), String.join(" ", ex)});
            }
            sb.append('\n').append(table(rows));
            java.util.Set<ImpactReport.Interpretation> read = new java.util.LinkedHashSet<>();
            r.groups().forEach(g -> read.addAll(g.interpretations()));
            if (!read.isEmpty()) {
                sb.append("\nchanges through rules that read the policy rather than quote it (their interpretation):\n");
                for (ImpactReport.Interpretation i : read) {
                    sb.append("  ").append(i.ruleId()).append(": ").append(i.interpretation()).append('\n');
                }
            }
        }
        if (!r.ruleFirings().isEmpty()) {
            sb.append("\nrule firings that differ (baseline -> candidate, all replayed decisions):\n");
            for (ImpactReport.RuleFiring f : r.ruleFirings()) {
                sb.append(String.format(Locale.ROOT, "  %-12s %,d -> %,d%n", f.id(), f.baseline(), f.candidate()));
            }
        }
        return sb.toString();
    }

    private static String table(List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                boolean number = i == 2;
                String cell = number ? " ".repeat(width[i] - row[i].length()) + row[i]
                        : row[i] + " ".repeat(width[i] - row[i].length());
                line.append(cell).append(i < row.length - 1 ? "  " : "");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String shortVersion(String v) {
        return v == null ? "none" : v.substring(0, Math.min(12, v.length()));
    }
}

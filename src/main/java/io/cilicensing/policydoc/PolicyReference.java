package io.cilicensing.policydoc;

import io.cilicensing.engine.Ruleset;
import io.cilicensing.scenarios.Scenario;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The policy reference an analyst reads ({@code docs/policy.md}), made from the rules themselves:
 * the policy constants of {@code policy.drl} with their comments, then every rule ID by family with
 * its rules (name, policy source, interpretation, {@code file:line}) and the scenarios whose
 * {@code covers} name it. It is generated, never edited: {@code policy-reference} on the command line
 * writes it, and a test fails when the file in the repository is not what the rules say.
 */
public final class PolicyReference {
    /** The families in catalogue order, then the classification rules (DEF-...). */
    private static final Map<String, String> FAMILIES = familyTitles();
    /** A constant of policy.drl: a function of no argument that returns one expression. */
    private static final Pattern CONSTANT = Pattern.compile(
            "^function\\s+\\S+\\s+(\\w+)\\(\\)\\s*\\{\\s*return\\s+(.+?);\\s*}\\s*$");

    /** A list of policy.drl: a test of one String against a set written on the next line. */
    private static final Pattern LIST = Pattern.compile("^function\\s+boolean\\s+(\\w+)\\(String\\s+\\w+\\)\\s*\\{\\s*$");
    private static final Pattern SET = Pattern.compile("^return\\s+Set\\.of\\((.+)\\)\\.contains\\(\\w+\\);$");

    private PolicyReference() {}

    private static Map<String, String> familyTitles() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ENT", "ENT: entitlement grants");
        m.put("OUT", "OUT: outbound and app install counts");
        m.put("GEO", "GEO: geo availability");
        m.put("TRN", "TRN: transition windows and deadlines");
        m.put("OPS", "OPS: environment operations");
        m.put("DEF", "DEF: named conditions (classification the decision rules read)");
        return m;
    }

    /**
     * The reference in Markdown for {@code ruleset}, whose files are {@code files} (name to text), and
     * the scenarios that cover its rules.
     */
    public static String markdown(Ruleset ruleset, SortedMap<String, String> files, List<Scenario> scenarios) {
        StringBuilder md = new StringBuilder();
        md.append("# Policy reference\n\n");
        md.append("Generated from `rules/` and `test-scenarios/` by `java -jar target/licensing-decisions-0.1.0-SNAPSHOT.jar")
                .append(" policy-reference > docs/policy.md`; do not edit it by hand (a test fails when it is out of date).\n\n");
        md.append("Ruleset version `").append(ruleset.version()).append("`: ").append(ruleset.rules().size())
                .append(" rules in ").append(ruleset.files().size()).append(" files, ")
                .append(ruleIds(ruleset).keySet().stream().filter(id -> !id.startsWith("DEF-")).count())
                .append(" catalogue IDs. A rule marked **Interpretation** reads the policy rather than quotes it;")
                .append(" its findings, grants and deadlines carry the same text as `interpretation`.\n\n");
        constants(md, files.get("policy.drl"));
        Map<String, List<String>> coveredBy = coveredBy(scenarios);
        Map<String, List<Ruleset.RuleInfo>> byId = ruleIds(ruleset);
        for (Map.Entry<String, String> family : FAMILIES.entrySet()) {
            List<String> ids = byId.keySet().stream().filter(id -> id.startsWith(family.getKey() + "-")).toList();
            if (ids.isEmpty()) {
                continue;
            }
            md.append("## ").append(family.getValue()).append("\n\n");
            for (String id : ids) {
                md.append("### ").append(id).append("\n\n");
                for (Ruleset.RuleInfo rule : byId.get(id)) {
                    md.append("- **").append(escape(rule.name())).append("** (`").append(rule.file()).append(':')
                            .append(rule.line()).append("`)\n");
                    md.append("  - Source: ").append(escape(rule.source())).append('\n');
                    if (rule.interpretation() != null) {
                        md.append("  - **Interpretation**: ").append(escape(rule.interpretation())).append('\n');
                    }
                }
                List<String> covering = coveredBy.getOrDefault(id, List.of());
                md.append("\nScenarios (").append(covering.size()).append("):");
                if (covering.isEmpty()) {
                    md.append(" none\n\n");
                } else {
                    md.append('\n');
                    covering.forEach(s -> md.append("- ").append(s).append('\n'));
                    md.append('\n');
                }
            }
        }
        return md.toString();
    }

    /** The rules by ID, IDs in catalogue order (family, then number), each ID's rules in file and line order. */
    private static Map<String, List<Ruleset.RuleInfo>> ruleIds(Ruleset ruleset) {
        Map<String, List<Ruleset.RuleInfo>> byId = new TreeMap<>(Comparator
                .comparingInt((String id) -> familyOrder(id)).thenComparing(Comparator.naturalOrder()));
        ruleset.rules().stream()
                .sorted(Comparator.comparing(Ruleset.RuleInfo::file).thenComparingInt(Ruleset.RuleInfo::line))
                .forEach(r -> byId.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        return byId;
    }

    private static int familyOrder(String id) {
        int i = 0;
        for (String family : FAMILIES.keySet()) {
            if (id.startsWith(family + "-")) {
                return i;
            }
            i++;
        }
        return i;
    }

    /** Rule ID to the scenarios (file and name) whose covers list names it, in file order. */
    private static Map<String, List<String>> coveredBy(List<Scenario> scenarios) {
        Map<String, List<String>> out = new TreeMap<>();
        scenarios.stream().sorted(Comparator.comparing(Scenario::file)).forEach(s -> s.covers().forEach(id ->
                out.computeIfAbsent(id, k -> new ArrayList<>())
                        .add("`" + s.file() + "`: " + escape(s.name()))));
        return out;
    }

    /** The constants of policy.drl: name, value and the comment lines just above. */
    private static void constants(StringBuilder md, String policy) {
        if (policy == null) {
            return;
        }
        md.append("## Policy constants (`policy.drl`)\n\n| constant | value | what it is |\n|---|---|---|\n");
        // a comment block describes the constants right below it, until a blank line or another comment
        List<String> comment = new ArrayList<>();
        String section = "";
        boolean afterConstant = false;
        List<String> lines = policy.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).strip();
            Matcher constant = CONSTANT.matcher(t);
            Matcher list = LIST.matcher(t);
            String name = null;
            String value = null;
            if (constant.matches()) {
                name = constant.group(1);
                value = constant.group(2);
            } else if (list.matches() && i + 1 < lines.size()) {
                Matcher set = SET.matcher(lines.get(i + 1).strip());
                if (set.matches()) {
                    name = list.group(1);
                    value = set.group(1);
                }
            }
            if (name != null) {
                md.append("| `").append(name).append("` | `").append(value.replace("|", "\\|")).append("` | ")
                        .append(escape(comment.isEmpty() ? section : String.join(" ", comment)).replace("|", "\\|"))
                        .append(" |\n");
                afterConstant = true;
            } else if (t.startsWith("//") && !t.startsWith("// ----") && !t.startsWith("// ====")) {
                if (afterConstant) {
                    comment.clear();
                    afterConstant = false;
                }
                comment.add(t.substring(2).strip());
            } else if (t.startsWith("// ----")) {
                // a section header: "// ---- Quotas of the base offer (LICENSE > ...) -----"
                section = t.replaceAll("^//\\s*-+\\s*|\\s*-+$", "");
                comment.clear();
                afterConstant = false;
            } else if (t.isEmpty() || t.startsWith("// ====")) {
                comment.clear();
                afterConstant = false;
            }
        }
        md.append('\n');
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("*", "\\*").replace("_", "\\_");
    }
}

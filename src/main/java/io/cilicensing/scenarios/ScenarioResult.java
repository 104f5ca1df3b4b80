package io.cilicensing.scenarios;

import java.util.List;

/** The outcome of one scenario: its differences (none when it passed) and the rule ids that fired. */
public record ScenarioResult(Scenario scenario, List<Difference> differences, List<String> firedRuleIds) {
    public boolean passed() {
        return differences.isEmpty();
    }

    /** The failure as an analyst reads it: the file, then one line per difference. */
    public String describe() {
        StringBuilder sb = new StringBuilder(scenario.file()).append(" (").append(scenario.name()).append(")");
        for (Difference d : differences) {
            sb.append("\n    ").append(d);
        }
        return sb.toString();
    }
}

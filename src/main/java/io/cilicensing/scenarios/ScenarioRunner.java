package io.cilicensing.scenarios;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionUnavailableException;
import io.cilicensing.engine.RuleFailedException;
import io.cilicensing.engine.RulesDidNotSettleException;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.facts.Violation;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.ReportJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs scenarios through {@link DecisionService}, the path the HTTP endpoint takes: the
 * scenario's request is posted as JSON bytes and the answer compared as JSON. A scenario that
 * cannot be read, or whose request is rejected unexpectedly, fails with that as its difference.
 */
public final class ScenarioRunner {
    private final Decider decider;
    private final ObjectMapper json = ReportJson.mapper();

    /** How a scenario's request body is decided with a ruleset: directly, or on decision threads within a budget. */
    @FunctionalInterface
    public interface Decider {
        DecisionReport decide(byte[] body, Ruleset ruleset);
    }

    /** Decides on the calling thread, without a time budget (the command line, tests). */
    public ScenarioRunner(DecisionService service) {
        this(service::decide);
    }

    /**
     * Decides through {@code decider}, e.g. on {@link io.cilicensing.engine.DecisionThreads} within
     * their budget: a scenario past it fails with DECISION_TIMEOUT (naming the rule when known).
     */
    public ScenarioRunner(Decider decider) {
        this.decider = decider;
    }

    public List<ScenarioResult> runAll(List<Scenario> scenarios, Ruleset ruleset) {
        List<ScenarioResult> out = new ArrayList<>(scenarios.size());
        for (Scenario s : scenarios) {
            out.add(run(s, ruleset));
        }
        return out;
    }

    public ScenarioResult run(Scenario scenario, Ruleset ruleset) {
        if (scenario.problem() != null) {
            return new ScenarioResult(scenario, List.of(new Difference("file", "a scenario", scenario.problem())),
                    List.of());
        }
        JsonNode expect = scenario.expect();
        String expectedError = expect.path("error").asText(null);
        DecisionReport report;
        try {
            report = decider.decide(json.writeValueAsBytes(scenario.request()), ruleset);
        } catch (BadFactsException e) {
            return new ScenarioResult(scenario, rejected(expect, expectedError, e), List.of());
        } catch (RulesDidNotSettleException e) {
            return failed(scenario, "decision", RulesDidNotSettleException.CODE + ": " + e.getMessage());
        } catch (RuleFailedException e) {
            return failed(scenario, "decision", RuleFailedException.CODE + ": " + e.getMessage());
        } catch (DecisionUnavailableException e) {
            return failed(scenario, "decision", e.code() + ": " + e.getMessage());
        } catch (JsonProcessingException | RuntimeException e) {
            return failed(scenario, "decision", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        List<String> fired = report.firedRules().stream().map(DecisionReport.FiredRule::id).toList();
        if (expectedError != null) {
            return new ScenarioResult(scenario, List.of(new Difference("error", expectedError,
                    "a decision (verdict " + report.verdict() + ")")), fired);
        }
        JsonNode answer = json.valueToTree(report);
        return new ScenarioResult(scenario, ScenarioMatcher.match(expect, answer), fired);
    }

    private static List<Difference> rejected(JsonNode expect, String expectedError, BadFactsException e) {
        List<Difference> diffs = new ArrayList<>();
        if (expectedError == null) {
            diffs.add(new Difference("request", "a valid fact set", e.error() + ": " + e.getMessage()
                    + (e.violations().isEmpty() ? "" : " " + e.violations())));
            return diffs;
        }
        if (!expectedError.equals(e.error())) {
            diffs.add(new Difference("error", expectedError, e.error() + ": " + e.getMessage()));
        }
        List<String> paths = e.violations().stream().map(Violation::path).toList();
        for (JsonNode p : expect.path("paths")) {
            if (!paths.contains(p.asText())) {
                diffs.add(new Difference("paths", p.asText(), "violations were " + e.violations()));
            }
        }
        return diffs;
    }

    private static ScenarioResult failed(Scenario s, String path, String what) {
        return new ScenarioResult(s, List.of(new Difference(path, "a decision", what)), List.of());
    }
}

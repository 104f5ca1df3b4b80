package io.cilicensing.scenarios;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/** The project's rules and scenarios, compiled and run once per test JVM, shared by the suite tests. */
final class ScenarioSuite {
    static final Path RULES = Path.of("rules");
    static final Path SCENARIOS = Path.of("test-scenarios");

    private static Ruleset ruleset;
    private static List<Scenario> scenarios;
    private static List<ScenarioResult> results;

    private ScenarioSuite() {}

    static synchronized Ruleset ruleset() {
        if (ruleset == null) {
            ruleset = new RulesetCompiler(Clock.systemUTC()).compile(RULES);
        }
        return ruleset;
    }

    static synchronized List<Scenario> scenarios() {
        if (scenarios == null) {
            scenarios = new ScenarioLoader().loadAll(SCENARIOS);
        }
        return scenarios;
    }

    static ScenarioRunner runner() {
        return new ScenarioRunner(new DecisionService(new FactSetReader(100_000), new DecisionEngine(10_000),
                Clock.systemUTC()));
    }

    static synchronized List<ScenarioResult> results() {
        if (results == null) {
            results = runner().runAll(scenarios(), ruleset());
        }
        return results;
    }
}

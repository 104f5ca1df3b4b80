package io.cilicensing.reload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.reload.ReloadAttempt.FailingScenario;
import io.cilicensing.report.ReportJson;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import io.cilicensing.scenarios.ScenarioResult;
import io.cilicensing.scenarios.ScenarioRunner;
import io.cilicensing.worker.JobContext;
import io.cilicensing.worker.JobHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Job "gate", run in the worker process: compile candidate rule files and, when asked, run the
 * scenario suite against them. Input:
 * {@code {"files": {path: text}, "origin", "scenariosDir", "runScenarios", "firingLimit", "maxInteractions"}}.
 * Result: {@code {"outcome": "COMPILE_FAILED" | "SCENARIOS_FAILED" | "PASSED", "version",
 * "errors": [...], "failingScenarios": [...], "scenariosRun", "gateSkipped"}}.
 */
public final class GateJob implements JobHandler {
    public static final String TYPE = "gate";
    /** A step "scenario &lt;file&gt;": the scenario file relative to the scenarios directory. */
    public static final String SCENARIO_STEP = "scenario ";
    /** The step after the candidate compiled in the worker (before any scenario runs). */
    public static final String COMPILED_STEP = "compiled";
    private static final ObjectMapper JSON = ReportJson.mapper();

    /** The input of one gate job. */
    public record Input(SortedMap<String, String> files, String origin, String scenariosDir, boolean runScenarios,
                        int firingLimit, int maxInteractions) {}

    /** The result of one gate job. */
    public record Result(String outcome, String version, List<io.cilicensing.engine.RuleError> errors,
                         List<FailingScenario> failingScenarios, int scenariosRun, boolean gateSkipped) {}

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonNode run(JsonNode inputJson, JobContext context) throws Exception {
        Input input = JSON.treeToValue(inputJson, Input.class);
        return JSON.valueToTree(run(input, context));
    }

    Result run(Input input, JobContext context) {
        String version = RulesetCompiler.version(new TreeMap<>(input.files()));
        Ruleset candidate;
        context.step("compiling the rules");
        try {
            candidate = new RulesetCompiler(Clock.systemUTC()).compile(new TreeMap<>(input.files()), input.origin());
        } catch (RulesetCompilationException e) {
            return new Result("COMPILE_FAILED", null, e.errors(), List.of(), 0, true);
        }
        context.step(COMPILED_STEP);
        Path dir = Path.of(input.scenariosDir());
        if (!input.runScenarios()) {
            return new Result("PASSED", version, List.of(), List.of(), 0, true);
        }
        if (!Files.isDirectory(dir)) {
            return new Result("PASSED", version, List.of(), List.of(), 0, false);
        }
        Ruleset observed = context.observe(candidate);
        DecisionService service = new DecisionService(new FactSetReader(input.maxInteractions()),
                new DecisionEngine(input.firingLimit()), Clock.systemUTC());
        ScenarioRunner runner = new ScenarioRunner(service);
        List<Scenario> scenarios = new ScenarioLoader().loadAll(dir);
        List<FailingScenario> failing = new ArrayList<>();
        for (Scenario s : scenarios) {
            context.step(SCENARIO_STEP + s.file());
            ScenarioResult r = runner.run(s, observed);
            if (!r.passed()) {
                failing.add(new FailingScenario(s.file(), s.name(), r.differences()));
            }
        }
        return new Result(failing.isEmpty() ? "PASSED" : "SCENARIOS_FAILED", version, List.of(), failing,
                scenarios.size(), false);
    }

    /** The job's input as JSON. */
    public static ObjectNode input(Input input) {
        return JSON.valueToTree(input);
    }

    public static Result result(JsonNode json) throws java.io.IOException {
        return JSON.treeToValue(json, Result.class);
    }
}

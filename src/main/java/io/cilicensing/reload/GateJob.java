package io.cilicensing.reload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.Sha256;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.DecisionTimeoutException;
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
import io.cilicensing.worker.CandidateFailedException;
import io.cilicensing.worker.CandidateFailure;
import io.cilicensing.worker.JobContext;
import io.cilicensing.worker.JobHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Job "gate", run in the worker process: compile candidate rule files and, when asked, run the
 * scenario suite against them. Input:
 * {@code {"files": {path: text}, "origin", "scenariosDir", "runScenarios", "firingLimit", "maxInteractions",
 * "exportCompiled", "scenarioBudgetMillis"}}. With a scenario budget, each scenario is decided on a
 * decision thread within it; past it the job fails TIMEOUT naming the rule and the scenario
 * ({@link CandidateFailedException}), and the worker process is replaced.
 * Result: {@code {"outcome": "COMPILE_FAILED" | "SCENARIOS_FAILED" | "PASSED", "version",
 * "errors": [...], "failingScenarios": [...], "scenariosRun", "gateSkipped", "compiled", "compiledSha256",
 * "compiledError", "compileMillis", "scenariosMillis"}}. With {@code exportCompiled}, a PASSED result
 * carries the compiled rules ({@link RulesetCompiler#export}, written right after the compile,
 * before any scenario ran) in Base64 and their SHA-256, so the service can make them live without
 * compiling them again; {@code compiledError} says why they are missing when writing them failed.
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
                        int firingLimit, int maxInteractions, boolean exportCompiled, long scenarioBudgetMillis) {
        /** Without a budget per scenario: only the job's time limit holds the scenarios. */
        public Input(SortedMap<String, String> files, String origin, String scenariosDir, boolean runScenarios,
                     int firingLimit, int maxInteractions, boolean exportCompiled) {
            this(files, origin, scenariosDir, runScenarios, firingLimit, maxInteractions, exportCompiled, 0);
        }
    }

    /** The property of the budget per scenario, named in a TIMEOUT's detail. */
    public static final String SCENARIO_BUDGET_PROPERTY = "rules.worker.scenario-budget";

    /** The result of one gate job. */
    public record Result(String outcome, String version, List<io.cilicensing.engine.RuleError> errors,
                         List<FailingScenario> failingScenarios, int scenariosRun, boolean gateSkipped,
                         String compiled, String compiledSha256, String compiledError, long compileMillis,
                         long scenariosMillis) {

        Result(String outcome, String version, List<io.cilicensing.engine.RuleError> errors,
               List<FailingScenario> failingScenarios, int scenariosRun, boolean gateSkipped, Compiled compiled,
               long compileMillis, long scenariosMillis) {
            this(outcome, version, errors, failingScenarios, scenariosRun, gateSkipped,
                    compiled == null ? null : compiled.base64, compiled == null ? null : compiled.sha256,
                    compiled == null ? null : compiled.error, compileMillis, scenariosMillis);
        }

        /** The compiled rules the worker sent, or null when it sent none. */
        public byte[] compiledBytes() {
            return compiled == null ? null : Base64.getDecoder().decode(compiled);
        }
    }

    /**
     * The longest compiled rules (in Base64) an answer carries: the service reads the answer as one
     * JSON line, whose strings Jackson limits to 20,000,000 characters. {@code rules/} is 1.5 MB.
     */
    static final int MAX_COMPILED_BASE64 = 16_000_000;

    /** The compiled rules in Base64 with their SHA-256, or why writing them failed. */
    private record Compiled(String base64, String sha256, String error) {
        static Compiled of(Ruleset ruleset) {
            try {
                byte[] bytes = RulesetCompiler.export(ruleset);
                String base64 = Base64.getEncoder().encodeToString(bytes);
                if (base64.length() > MAX_COMPILED_BASE64) {
                    return new Compiled(null, null, "the compiled rules (" + base64.length()
                            + " characters in Base64) are longer than an answer carries (" + MAX_COMPILED_BASE64 + ")");
                }
                return new Compiled(base64, Sha256.hex(bytes), null);
            } catch (RuntimeException e) {
                return new Compiled(null, null, e.toString());
            }
        }
    }

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
        long t0 = System.nanoTime();
        try {
            candidate = new RulesetCompiler(Clock.systemUTC()).compile(new TreeMap<>(input.files()), input.origin());
        } catch (RulesetCompilationException e) {
            return new Result("COMPILE_FAILED", null, e.errors(), List.of(), 0, true, null, 0, 0);
        }
        // written before any scenario fires a rule of the candidate
        Compiled compiled = input.exportCompiled() ? Compiled.of(candidate) : null;
        long compileMillis = (System.nanoTime() - t0) / 1_000_000;
        context.step(COMPILED_STEP);
        Path dir = Path.of(input.scenariosDir());
        if (!input.runScenarios()) {
            return new Result("PASSED", version, List.of(), List.of(), 0, true, compiled, compileMillis, 0);
        }
        if (!Files.isDirectory(dir)) {
            return new Result("PASSED", version, List.of(), List.of(), 0, false, compiled, compileMillis, 0);
        }
        long t1 = System.nanoTime();
        Ruleset observed = context.observe(candidate);
        DecisionService service = new DecisionService(new FactSetReader(input.maxInteractions()),
                new DecisionEngine(input.firingLimit()), Clock.systemUTC());
        // each scenario on a decision thread within its budget, as a live decision: a loop is reported
        // within the budget, naming its rule, instead of holding the job to its time limit
        AtomicReference<DecisionTimeoutException> timedOut = new AtomicReference<>();
        ScenarioRunner runner;
        if (input.scenarioBudgetMillis() > 0) {
            DecisionThreads threads = context.decisionThreads(1, Duration.ofMillis(input.scenarioBudgetMillis()),
                    SCENARIO_BUDGET_PROPERTY, "scenario-");
            runner = new ScenarioRunner((body, rs) -> {
                try {
                    return threads.run(rs, halt -> service.decide(body, rs, halt));
                } catch (DecisionTimeoutException e) {
                    timedOut.set(e);
                    throw e;
                }
            });
        } else {
            runner = new ScenarioRunner(service);
        }
        List<Scenario> scenarios = new ScenarioLoader().loadAll(dir);
        List<FailingScenario> failing = new ArrayList<>();
        for (Scenario s : scenarios) {
            context.step(SCENARIO_STEP + s.file());
            ScenarioResult r = runner.run(s, observed);
            DecisionTimeoutException late = timedOut.get();
            if (late != null) {
                // a loop (or a scenario far slower than a decision should be): the candidate fails here
                String rule = late.rule() != null ? late.rule() : context.rule();
                throw new CandidateFailedException(new CandidateFailure("TIMEOUT", rule, context.step(),
                        "the scenario did not end within its budget of " + input.scenarioBudgetMillis() + " ms ("
                                + SCENARIO_BUDGET_PROPERTY + ")"));
            }
            if (!r.passed()) {
                failing.add(new FailingScenario(s.file(), s.name(), r.differences()));
            }
        }
        long scenariosMillis = (System.nanoTime() - t1) / 1_000_000;
        return failing.isEmpty()
                ? new Result("PASSED", version, List.of(), List.of(), scenarios.size(), false, compiled, compileMillis,
                        scenariosMillis)
                : new Result("SCENARIOS_FAILED", version, List.of(), failing, scenarios.size(), false, null,
                        compileMillis, scenariosMillis);
    }

    /** The job's input as JSON. */
    public static ObjectNode input(Input input) {
        return JSON.valueToTree(input);
    }

    public static Result result(JsonNode json) throws java.io.IOException {
        return JSON.treeToValue(json, Result.class);
    }
}

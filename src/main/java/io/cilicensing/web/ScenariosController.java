package io.cilicensing.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.scenarios.Coverage;
import io.cilicensing.scenarios.Difference;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import io.cilicensing.scenarios.ScenarioResult;
import io.cilicensing.scenarios.ScenarioRunner;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The scenario suite under {@code rules.scenarios-dir}, read afresh on every call: {@code GET
 * /v1/scenarios} lists the scenarios with their requests (the workbench loads them into its
 * editor), {@code POST /v1/scenarios/run} runs them all against the live ruleset.
 *
 * <p>Both are open, like {@code GET /v1/ruleset}: they read files the service already trusts,
 * change nothing, and decide only the scenarios' own requests with the live ruleset, which
 * passed the same suite to go live. A run costs one decision per scenario (well under a second
 * for the suite); it is bounded by running one suite at a time: a run asked for while another
 * is in progress answers 429 {@code RUN_IN_PROGRESS} at once instead of queueing.
 */
@RestController
public class ScenariosController {
    private static final Logger log = LoggerFactory.getLogger(ScenariosController.class);

    private final LiveRuleset live;
    private final ScenarioRunner runner;
    private final ScenarioLoader loader = new ScenarioLoader();
    private final Path dir;
    private final Semaphore oneRunAtATime = new Semaphore(1);

    public ScenariosController(LiveRuleset live, DecisionService decisions, DecisionThreads threads,
                               @Value("${rules.scenarios-dir:./test-scenarios}") String dir) {
        this.live = live;
        // each scenario on a decision thread within decisions.time-budget, as a live decision
        this.runner = new ScenarioRunner((body, ruleset) -> threads.run(ruleset,
                halt -> decisions.decide(body, ruleset, halt)));
        this.dir = Path.of(dir);
    }

    /** One scenario as listed: {@code problem} is set (and request may be null) when the file is not a scenario. */
    @JsonPropertyOrder({"file", "name", "covers", "request", "problem"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScenarioView(String file, String name, List<String> covers, JsonNode request, String problem) {}

    @JsonPropertyOrder({"dir", "scenarios"})
    public record ScenarioList(String dir, List<ScenarioView> scenarios) {}

    /** One scenario's result; {@code differences} is empty when it passed. */
    @JsonPropertyOrder({"file", "name", "passed", "differences", "firedRules"})
    public record ResultView(String file, String name, boolean passed, List<Difference> differences,
                             List<String> firedRules) {}

    @JsonPropertyOrder({"neverFired", "notCovered", "unknownCovers"})
    public record CoverageView(Set<String> neverFired, Set<String> notCovered, Set<String> unknownCovers) {}

    @JsonPropertyOrder({"rulesetVersion", "dir", "run", "passed", "failed", "durationMillis", "results", "coverage"})
    public record RunView(String rulesetVersion, String dir, int run, int passed, int failed, long durationMillis,
                          List<ResultView> results, CoverageView coverage) {}

    @GetMapping(path = "/v1/scenarios", produces = MediaType.APPLICATION_JSON_VALUE)
    public ScenarioList scenarios() {
        List<ScenarioView> views = loader.loadAll(dir).stream()
                .map(s -> new ScenarioView(s.file(), s.name(), s.covers(), s.request(), s.problem()))
                .toList();
        return new ScenarioList(shown(dir), views);
    }

    @PostMapping(path = "/v1/scenarios/run", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> run() {
        Ruleset ruleset = live.require();
        if (!oneRunAtATime.tryAcquire()) {
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).header("Retry-After", "1")
                    .body(ApiError.of("RUN_IN_PROGRESS", "a scenario run is in progress; ask again when it has finished"));
        }
        try {
            long start = System.nanoTime();
            List<Scenario> scenarios = loader.loadAll(dir);
            List<ScenarioResult> results = runner.runAll(scenarios, ruleset);
            long millis = (System.nanoTime() - start) / 1_000_000;
            Coverage coverage = Coverage.of(ruleset, results);
            int passed = (int) results.stream().filter(ScenarioResult::passed).count();
            log.info("scenario run: {} of {} scenarios passed against ruleset {} in {} ms",
                    passed, results.size(), ruleset.version(), millis);
            List<ResultView> views = results.stream()
                    .map(r -> new ResultView(r.scenario().file(), r.scenario().name(), r.passed(), r.differences(),
                            r.firedRuleIds().stream().distinct().toList()))
                    .toList();
            return ResponseEntity.ok(new RunView(ruleset.version(), shown(dir), results.size(), passed,
                    results.size() - passed, millis, views,
                    new CoverageView(coverage.neverFired(), coverage.notCovered(), coverage.unknownCovers())));
        } finally {
            oneRunAtATime.release();
        }
    }

    /** The directory as configured (not made absolute: the answer is open, the machine's layout is not its business). */
    private static String shown(Path dir) {
        return dir.toString();
    }
}

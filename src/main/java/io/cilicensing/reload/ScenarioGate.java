package io.cilicensing.reload;

import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import io.cilicensing.scenarios.ScenarioResult;
import io.cilicensing.scenarios.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scenario suite against a candidate ruleset before it may go live. The scenario
 * files are read afresh each time, so an analyst's new scenarios gate the next reload. A
 * missing scenarios directory passes, with a warning.
 */
public final class ScenarioGate {
    private static final Logger log = LoggerFactory.getLogger(ScenarioGate.class);

    private final Path dir;
    private final ScenarioRunner runner;
    private final ScenarioLoader loader = new ScenarioLoader();

    public ScenarioGate(Path dir, DecisionService service) {
        this(dir, new ScenarioRunner(service));
    }

    /** Runs the scenarios with {@code runner} (the service's: on decision threads, within their budget). */
    public ScenarioGate(Path dir, ScenarioRunner runner) {
        this.dir = dir;
        this.runner = runner;
    }

    /** The results of every scenario against {@code candidate}; empty when there is no scenarios directory. */
    public List<ScenarioResult> run(Ruleset candidate) {
        if (!Files.isDirectory(dir)) {
            log.warn("no scenarios directory at {}: the ruleset is not checked against any scenario",
                    dir.toAbsolutePath().normalize());
            return List.of();
        }
        List<Scenario> scenarios = loader.loadAll(dir);
        return runner.runAll(scenarios, candidate);
    }

    public Path dir() {
        return dir;
    }
}

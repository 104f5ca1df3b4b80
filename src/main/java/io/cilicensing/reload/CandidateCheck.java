package io.cilicensing.reload;

import io.cilicensing.worker.Jobs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Compiles candidate rules and runs the scenario gate against them as a {@link GateJob}, in the
 * worker process (or in process when the worker is off), with the same limits as live decisions.
 */
public final class CandidateCheck {
    private final Jobs jobs;
    private final Path scenariosDir;
    private final int firingLimit;
    private final int maxInteractions;
    private final Duration scenarioBudget;

    public CandidateCheck(Jobs jobs, Path scenariosDir, int firingLimit, int maxInteractions) {
        this(jobs, scenariosDir, firingLimit, maxInteractions, Duration.ZERO);
    }

    /** Each scenario of a check held to {@code scenarioBudget} (zero: only the job's time limit). */
    public CandidateCheck(Jobs jobs, Path scenariosDir, int firingLimit, int maxInteractions, Duration scenarioBudget) {
        this.jobs = jobs;
        this.scenariosDir = scenariosDir;
        this.firingLimit = firingLimit;
        this.maxInteractions = maxInteractions;
        this.scenarioBudget = scenarioBudget;
    }

    /**
     * The gate job's input for these files, for the warm-up of a new worker process: it asks for the
     * compiled rules too, so it also warms writing them, and has no scenario budget (a new process
     * runs its first scenarios cold; the warm-up is held to the start timeout).
     */
    public GateJob.Input input(SortedMap<String, String> files, String origin, boolean runScenarios) {
        return input(files, origin, runScenarios, true, Duration.ZERO);
    }

    private GateJob.Input input(SortedMap<String, String> files, String origin, boolean runScenarios,
                                boolean exportCompiled, Duration budget) {
        return new GateJob.Input(new TreeMap<>(files), origin, scenariosDir.toAbsolutePath().normalize().toString(),
                runScenarios, firingLimit, maxInteractions, exportCompiled, budget.toMillis());
    }

    /**
     * Checks the files. With {@code exportCompiled} a passing result carries the compiled rules
     * ({@link GateJob.Result#compiledBytes()}).
     */
    public Jobs.Outcome check(SortedMap<String, String> files, String origin, boolean runScenarios,
                              boolean exportCompiled) {
        return jobs.run(GateJob.TYPE, GateJob.input(input(files, origin, runScenarios, exportCompiled, scenarioBudget)));
    }

    public Path scenariosDir() {
        return scenariosDir;
    }
}

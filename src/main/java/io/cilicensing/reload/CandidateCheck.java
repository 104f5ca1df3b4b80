package io.cilicensing.reload;

import io.cilicensing.worker.Jobs;
import java.nio.file.Path;
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

    public CandidateCheck(Jobs jobs, Path scenariosDir, int firingLimit, int maxInteractions) {
        this.jobs = jobs;
        this.scenariosDir = scenariosDir;
        this.firingLimit = firingLimit;
        this.maxInteractions = maxInteractions;
    }

    /**
     * The gate job's input for these files; it asks for the compiled rules too, so a warm-up with
     * it also warms writing them.
     */
    public GateJob.Input input(SortedMap<String, String> files, String origin, boolean runScenarios) {
        return input(files, origin, runScenarios, true);
    }

    private GateJob.Input input(SortedMap<String, String> files, String origin, boolean runScenarios,
                                boolean exportCompiled) {
        return new GateJob.Input(new TreeMap<>(files), origin, scenariosDir.toAbsolutePath().normalize().toString(),
                runScenarios, firingLimit, maxInteractions, exportCompiled);
    }

    /**
     * Checks the files. With {@code exportCompiled} a passing result carries the compiled rules
     * ({@link GateJob.Result#compiledBytes()}).
     */
    public Jobs.Outcome check(SortedMap<String, String> files, String origin, boolean runScenarios,
                              boolean exportCompiled) {
        return jobs.run(GateJob.TYPE, GateJob.input(input(files, origin, runScenarios, exportCompiled)));
    }

    public Path scenariosDir() {
        return scenariosDir;
    }
}

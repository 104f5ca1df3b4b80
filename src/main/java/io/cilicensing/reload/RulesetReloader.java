package io.cilicensing.reload;

import io.cilicensing.Sha256;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RuleError;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.impact.ImpactReport;
import io.cilicensing.reload.ReloadAttempt.FailingScenario;
import io.cilicensing.scenarios.Difference;
import io.cilicensing.scenarios.ScenarioResult;
import io.cilicensing.worker.CandidateFailure;
import io.cilicensing.worker.Jobs;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings rule changes live safely: a candidate is compiled and checked against the scenario
 * suite (when the gate is on) in the worker process ({@link CandidateCheck}), where a rule that
 * exits, loops or exhausts memory cannot stop, hang or slow the service. Only once it passed
 * there does this process take it: from the compiled rules the worker sent
 * ({@link RulesetCompiler#load}, no second compile), and swaps it in atomically. A failed attempt leaves the live
 * ruleset serving and is kept as {@link #lastReload()}. Reloads run one at a time. The start
 * (the rules the service was started with) is compiled and gated in this process.
 */
public final class RulesetReloader {
    private static final Logger log = LoggerFactory.getLogger(RulesetReloader.class);

    private final LiveRuleset live;
    private final RulesetCompiler compiler;
    private final ScenarioGate gate;
    private final CandidateCheck candidates;
    private final boolean gateOn;
    private final Clock clock;
    private final AtomicReference<ReloadAttempt> lastReload = new AtomicReference<>();
    private final List<Consumer<ReloadAttempt>> listeners = new CopyOnWriteArrayList<>();
    private final List<SwapListener> swapListeners = new CopyOnWriteArrayList<>();
    private final List<LiveListener> liveListeners = new CopyOnWriteArrayList<>();
    private final List<ImpactListener> impactListeners = new CopyOnWriteArrayList<>();
    /** The version an apply last wrote into the rules directory: the watcher's reload after it is no news. */
    private volatile String written;

    /** Told after a reload replaced the live ruleset with another. */
    @FunctionalInterface
    public interface SwapListener {
        /** Called on the reloading thread right after the swap; must not take long. */
        void swapped(Ruleset previous, Ruleset current, ReloadAttempt attempt);
    }
    /**
     * Told when a ruleset went live (at start too), with what was live before (null at start)
     * and why ({@link Change}); called on the reloading thread, holding the reload lock.
     */
    @FunctionalInterface
    public interface LiveListener {
        void wentLive(ReloadAttempt attempt, String previousVersion, SortedMap<String, String> previousFiles,
                      SortedMap<String, String> files, Change change);
    }

    /** Told when the impact of a reload that went live is known ({@link #recordImpact}). */
    @FunctionalInterface
    public interface ImpactListener {
        void impact(ReloadAttempt attempt, String state, ImpactReport report);
    }

    /** The rule files of the live ruleset (what the worker is warmed with). */
    private volatile SortedMap<String, String> liveFiles;
    private StartCache startCache = StartCache.NONE;

    public RulesetReloader(LiveRuleset live, RulesetCompiler compiler, ScenarioGate gate, CandidateCheck candidates,
                           boolean gateOn, Clock clock) {
        this.live = live;
        this.compiler = compiler;
        this.gate = gate;
        this.candidates = candidates;
        this.gateOn = gateOn;
        this.clock = clock;
    }

    /** What a start may take from an earlier one (the compiled rules, a passed gate); none unless set. */
    public void startCache(StartCache cache) {
        this.startCache = cache;
    }

    /**
     * Loads the rules directory at start; throws when it does not compile or fails the gate. With a
     * {@link StartCache}, rules compiled by an earlier start with the same code are loaded instead
     * of compiled, and a gate these rules passed with the same scenario files and code is not run again.
     */
    public synchronized Ruleset start() {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(live.dir());
        String origin = live.dir().toString();
        Ruleset candidate = fromStartCache(files, origin);
        if (candidate == null) {
            candidate = compiler.compile(files, origin); // compile errors stop the start
            if (startCache.enabled()) {
                // written before any decision ran on it, as the export requires
                startCache.storeCompiled(candidate.version(), RulesetCompiler.export(candidate));
            }
        }
        Gate checked;
        if (gateOn && startCache.passedGate(candidate.version(), gate.dir())) {
            checked = new Gate(0, List.of(), false, true);
        } else {
            checked = gate(candidate, true);
            if (!checked.failing.isEmpty()) {
                throw new ScenarioGateException(checked.failing);
            }
            if (!checked.skipped) {
                startCache.rememberPassed(candidate.version(), gate.dir(), checked.run);
            }
        }
        live.set(candidate);
        liveFiles = files;
        ReloadAttempt started = new ReloadAttempt(clock.instant(), Change.START, "LIVE", candidate.version(),
                "ruleset live" + checked.summary(), List.of(), List.of(), checked.run);
        lastReload.set(started);
        notifyLive(started, null, null, files, new Change(Change.START, "service start", null));
        log.info("ruleset {} live: {} rules from {} files in {}{}", shortVersion(candidate.version()),
                candidate.rules().size(), candidate.files().size(), live.dir().toAbsolutePath().normalize(),
                checked.summary());
        return candidate;
    }

    /** Reloads the rules directory; {@code trigger} says why (a file change, an admin request). */
    public ReloadAttempt reload(String trigger) {
        return reload(trigger, Change.FILE_CHANGE.equals(trigger) ? Change.FILE_CHANGE : null);
    }

    /** Reloads the rules directory; {@code who} asked for it (the admin token's name), kept in the history. */
    public synchronized ReloadAttempt reload(String trigger, String who) {
        long started = System.nanoTime();
        ReloadAttempt result;
        Ruleset before = live.get();
        SortedMap<String, String> beforeFiles = liveFiles;
        try {
            SortedMap<String, String> files = RulesetCompiler.readDirectory(live.dir());
            Ruleset current = before;
            if (current != null && current.version().equals(RulesetCompiler.version(files))) {
                result = new ReloadAttempt(clock.instant(), trigger, "UNCHANGED", current.version(),
                        "the rule files are those of the live ruleset", List.of(), List.of(), 0);
                if (Change.FILE_CHANGE.equals(trigger) && current.version().equals(written)) {
                    // the watcher noticed the files an apply wrote and took live itself: not a reload of its own
                    log.debug("reload ({}): the files an apply wrote, already live", trigger);
                    return result;
                }
            } else {
                result = check(trigger, files, live.dir().toString(), true, true, null);
            }
        } catch (RulesetCompilationException e) {
            result = compileFailed(trigger, e);
        }
        return finish(result, before, beforeFiles, new Change(trigger, who, null), started);
    }

    /**
     * Applies a complete candidate ruleset (apply and rollback): if the live version is still
     * {@code baseVersion} (null: not checked), the candidate is compiled and gated exactly as a
     * reload's, and only when it passed are the files written into the rules directory
     * ({@link RulesDirectoryWriter}) and the ruleset made live, all under the reload lock, so no
     * other apply or reload runs meanwhile. A candidate that fails changes nothing, on disk or live.
     *
     * @throws StaleBaseVersionException when {@code baseVersion} is no longer live, or (with a
     *         {@code baseVersion}) the rules directory holds other files than the live ones: a change
     *         not taken yet (another instance's apply on a shared directory, an edit on disk, or one the
     *         gate refused); a rollback, sent without one, overwrites them
     * @throws RulesDirectoryWriter.RulesDirectoryWriteException when the directory could not be written (nothing went live)
     */
    public synchronized ReloadAttempt apply(SortedMap<String, String> files, Change change, String baseVersion) {
        long started = System.nanoTime();
        Ruleset before = live.get();
        String liveVersion = before == null ? null : before.version();
        if (baseVersion != null && !baseVersion.equals(liveVersion)) {
            throw StaleBaseVersionException.notLive(baseVersion, liveVersion);
        }
        if (baseVersion != null) {
            // on a shared rules directory another instance may have applied a change this one has not taken yet
            String onDisk = RulesetCompiler.version(RulesetCompiler.readDirectory(live.dir()));
            if (!onDisk.equals(liveVersion)) {
                throw StaleBaseVersionException.directoryChanged(onDisk, liveVersion);
            }
        }
        SortedMap<String, String> beforeFiles = liveFiles;
        SortedMap<String, String> candidate = new TreeMap<>(files);
        if (RulesetCompiler.version(candidate).equals(liveVersion)) {
            String message = "the files are those of the live ruleset; nothing was written";
            if (!RulesetCompiler.version(RulesetCompiler.readDirectory(live.dir())).equals(liveVersion)) {
                // a rollback to the live version: the directory (e.g. a broken file on disk) gets its files back
                RulesDirectoryWriter.replace(live.dir(), candidate, null);
                written = liveVersion;
                message = "the files are those of the live ruleset; the rules directory, which held others, holds them again";
            }
            return new ReloadAttempt(clock.instant(), change.trigger(), "UNCHANGED", liveVersion, message, List.of(),
                    List.of(), 0);
        }
        ReloadAttempt result;
        try {
            result = check(change.trigger(), candidate, live.dir().toString(), true, true,
                    () -> RulesDirectoryWriter.replace(live.dir(), candidate, beforeFiles));
        } catch (RulesetCompilationException e) {
            result = compileFailed(change.trigger(), e);
        }
        return finish(result, before, beforeFiles, change, started);
    }

    /** Records a reload's or apply's outcome, tells the listeners, logs it. */
    private ReloadAttempt finish(ReloadAttempt attempt, Ruleset before, SortedMap<String, String> beforeFiles,
                                 Change change, long started) {
        ReloadAttempt result = attempt;
        String trigger = change.trigger();
        Ruleset after = live.get();
        boolean swapped = result.live() && before != null && after != before && !swapListeners.isEmpty();
        if (swapped) {
            result = result.withImpact(ReloadAttempt.IMPACT_PENDING, null);
        }
        lastReload.set(result);
        if (result.live() && after != before) {
            notifyLive(result, before == null ? null : before.version(), beforeFiles, liveFiles, change);
        }
        if (swapped) {
            for (SwapListener l : swapListeners) {
                try {
                    l.swapped(before, after, result);
                } catch (RuntimeException e) {
                    log.warn("swap listener failed: {}", e.toString());
                }
            }
        }
        notifyListeners(result);
        long ms = (System.nanoTime() - started) / 1_000_000;
        switch (result.outcome()) {
            case "LIVE" -> log.info("reload ({}): ruleset {} live in {} ms; {}", trigger,
                    shortVersion(result.version()), ms, result.message());
            case "UNCHANGED" -> log.info("reload ({}): rule files unchanged", trigger);
            case "COMPILE_FAILED" -> log.warn("reload ({}): the rules do not compile; ruleset {} stays live:\n{}",
                    trigger, shortVersion(liveVersion()), lines(result.errors()));
            case "CANDIDATE_FAILED" -> log.warn("reload ({}): {}; ruleset {} stays live", trigger, result.message(),
                    shortVersion(liveVersion()));
            default -> log.warn("reload ({}): {}; ruleset {} stays live:\n{}", trigger, result.message(),
                    shortVersion(liveVersion()), lines(result.failingScenarios()));
        }
        return result;
    }

    /** Compiles and optionally gates the given files exactly as a reload would, never activating them. */
    public ReloadAttempt validate(SortedMap<String, String> files, boolean runScenarios) {
        try {
            return check("validate", files, "request", false, runScenarios, null);
        } catch (RulesetCompilationException e) {
            return compileFailed("validate", e);
        }
    }

    /** The rule files of the live ruleset (relative path to text), or null before the start. */
    public SortedMap<String, String> liveFiles() {
        return liveFiles;
    }

    public ReloadAttempt lastReload() {
        return lastReload.get();
    }

    /** Calls {@code listener} after every reload that replaced a live ruleset (not at start). */
    public void onSwap(SwapListener listener) {
        swapListeners.add(listener);
    }

    /**
     * Fills in the impact of {@code attempt} (state DONE with the report, or FAILED), if it is
     * still the last reload; a later reload's record is left alone.
     */
    public void recordImpact(ReloadAttempt attempt, String state, ImpactReport report) {
        lastReload.compareAndSet(attempt, attempt.withImpact(state, report));
        for (ImpactListener l : impactListeners) {
            try {
                l.impact(attempt, state, report);
            } catch (RuntimeException e) {
                log.warn("impact listener failed: {}", e.toString());
            }
        }
    }

    /** Calls {@code listener} whenever a ruleset goes live, the one of the start included (register before {@link #start}). */
    public void onLive(LiveListener listener) {
        liveListeners.add(listener);
    }

    /** Calls {@code listener} when the impact of a reload that went live is known. */
    public void onImpact(ImpactListener listener) {
        impactListeners.add(listener);
    }

    private void notifyLive(ReloadAttempt attempt, String previousVersion, SortedMap<String, String> previousFiles,
                            SortedMap<String, String> files, Change change) {
        for (LiveListener l : liveListeners) {
            try {
                l.wentLive(attempt, previousVersion, previousFiles, files, change);
            } catch (RuntimeException e) {
                log.warn("live listener failed: {}", e.toString());
            }
        }
    }

    /**
     * Calls {@code listener} after every reload attempt (not at start, not for validations), on
     * the reloading thread, once the attempt's outcome is decided and a LIVE ruleset is live.
     */
    public void onReload(Consumer<ReloadAttempt> listener) {
        listeners.add(listener);
    }

    private void notifyListeners(ReloadAttempt attempt) {
        for (Consumer<ReloadAttempt> l : listeners) {
            try {
                l.accept(attempt);
            } catch (RuntimeException e) {
                log.warn("reload listener failed: {}", e.toString());
            }
        }
    }

    /** Writes a candidate that passed into the rules directory before it goes live (apply); throws when it cannot. */
    @FunctionalInterface
    private interface BeforeSwap {
        void run();
    }

    private ReloadAttempt check(String trigger, SortedMap<String, String> files, String origin, boolean activate,
                                boolean runScenarios, BeforeSwap beforeSwap) {
        boolean gated = gateOn && runScenarios;
        String version = RulesetCompiler.version(files);
        long t0 = System.nanoTime();
        // a reload asks the worker for its compiled rules: compiling them again here, as one thread among
        // the request threads, was the slow part of a reload under load (README > Performance)
        Jobs.Outcome outcome = candidates.check(files, origin, gated, activate);
        long workerMillis = (System.nanoTime() - t0) / 1_000_000;
        if (outcome instanceof Jobs.Failed f) {
            return candidateFailed(trigger, version, f.failure());
        }
        GateJob.Result checked;
        try {
            checked = GateJob.result(((Jobs.Done) outcome).result());
        } catch (IOException e) {
            return candidateFailed(trigger, version, new CandidateFailure("ERROR", null, null,
                    "the worker's answer is not a gate result: " + e.getMessage()));
        }
        String summary = checked.gateSkipped() ? " (scenario gate off)" : ", " + checked.scenariosRun() + " scenarios pass";
        switch (checked.outcome()) {
            case "COMPILE_FAILED" -> {
                return compileFailed(trigger, new RulesetCompilationException(origin, checked.errors()));
            }
            case "SCENARIOS_FAILED" -> {
                return new ReloadAttempt(clock.instant(), trigger, "SCENARIOS_FAILED", version,
                        checked.failingScenarios().size() + " of " + checked.scenariosRun()
                                + " scenarios fail against the new rules",
                        List.of(), checked.failingScenarios(), checked.scenariosRun());
            }
            default -> { }
        }
        if (activate) {
            // passed in the worker; only now does this process touch the candidate
            long t1 = System.nanoTime();
            Candidate taken = takeOver(checked, files, origin);
            if (taken.refused() != null) {
                return candidateFailed(trigger, version, taken.refused());
            }
            if (beforeSwap != null) {
                beforeSwap.run(); // a failure propagates: nothing recorded, nothing live changed
                written = version;
            }
            ReloadAttempt wentLive = new ReloadAttempt(clock.instant(), trigger, "LIVE", version,
                    "ruleset live" + summary, List.of(), List.of(), checked.scenariosRun());
            // recorded before the swap: whoever sees the new version in GET /v1/ruleset sees this reload
            lastReload.set(wentLive);
            live.set(taken.ruleset()); // atomic: a decision in flight finishes on the ruleset it took
            liveFiles = files;
            log.info("candidate {} passed in the worker process in {} ms (compile {} ms, {} scenarios {} ms); {} in {} ms",
                    shortVersion(version), workerMillis, checked.compileMillis(), checked.scenariosRun(),
                    checked.scenariosMillis(), taken.how(), (System.nanoTime() - t1) / 1_000_000);
            return wentLive;
        }
        return new ReloadAttempt(clock.instant(), trigger, "VALID", version, "the rules compile" + summary,
                List.of(), List.of(), checked.scenariosRun());
    }

    /** The ruleset to make live (and how it was made), or why the worker's answer is refused. */
    private record Candidate(Ruleset ruleset, String how, CandidateFailure refused) {}

    /**
     * The candidate that passed in the worker, from the compiled rules it sent: refused when they
     * do not match their SHA-256 (the answer was damaged on its way, so its verdict is not trusted
     * either); compiled here instead when the worker sent none or they cannot be read here (e.g. a
     * class outside what {@link RulesetCompiler#load} admits), since these files passed the gate.
     */
    private Candidate takeOver(GateJob.Result checked, SortedMap<String, String> files, String origin) {
        byte[] compiled;
        try {
            compiled = checked.compiledBytes();
        } catch (IllegalArgumentException e) {
            return damaged("they are not Base64 (" + e.getMessage() + ")");
        }
        if (compiled == null) {
            return compiledHere(files, origin, "the worker sent no compiled rules"
                    + (checked.compiledError() == null ? "" : ": " + checked.compiledError()));
        }
        if (!Sha256.hex(compiled).equals(checked.compiledSha256())) {
            return damaged("their SHA-256 is not the one the worker sent");
        }
        try {
            return new Candidate(compiler.load(files, origin, compiled),
                    "taken over from the worker's compiled rules (" + compiled.length / 1024 + " KB)", null);
        } catch (IOException e) {
            log.warn("the worker's compiled rules cannot be used here ({}); compiling the candidate here", e.getMessage());
            return compiledHere(files, origin, e.getMessage());
        }
    }

    private Candidate compiledHere(SortedMap<String, String> files, String origin, String why) {
        return new Candidate(compiler.compile(files, origin), "compiled here (" + why + ")", null);
    }

    private static Candidate damaged(String why) {
        return new Candidate(null, null, new CandidateFailure("ERROR", null, null,
                "the compiled rules in the worker's answer are damaged: " + why));
    }

    /** The candidate stopped, hung or exhausted the worker: never live; named rule and scenario when known. */
    private ReloadAttempt candidateFailed(String trigger, String version, CandidateFailure failure) {
        List<FailingScenario> failing = List.of();
        String step = failure.step();
        if (step != null && step.startsWith(GateJob.SCENARIO_STEP)) {
            String file = step.substring(GateJob.SCENARIO_STEP.length());
            failing = List.of(new FailingScenario(file, file, List.of(new Difference("decision", "a decision",
                    failure.kind() + ": " + failure.describe()))));
        }
        return new ReloadAttempt(clock.instant(), trigger, "CANDIDATE_FAILED", version,
                "the candidate rules failed in the worker process (" + failure.kind() + "): " + failure.describe()
                        + "; they are not live",
                List.of(), failing, 0, failure);
    }

    private ReloadAttempt compileFailed(String trigger, RulesetCompilationException e) {
        return new ReloadAttempt(clock.instant(), trigger, "COMPILE_FAILED", null,
                e.errors().size() + " compile error(s); the live ruleset is unchanged", e.errors(), List.of(), 0);
    }

    /** The gate's verdict on one candidate. */
    /** The gate's verdict on one candidate; {@code remembered}: it passed at an earlier start (start cache). */
    private record Gate(int run, List<FailingScenario> failing, boolean skipped, boolean remembered) {
        Gate(int run, List<FailingScenario> failing, boolean skipped) {
            this(run, failing, skipped, false);
        }

        String summary() {
            return skipped ? " (scenario gate off)"
                    : remembered ? ", the scenarios passed at an earlier start with these rules, scenarios and code"
                    : ", " + run + " scenarios pass";
        }
    }

    /** The ruleset of {@code files} from the start cache, or null when it has none or cannot read it. */
    private Ruleset fromStartCache(SortedMap<String, String> files, String origin) {
        String version = RulesetCompiler.version(files);
        return startCache.compiled(version).map(bytes -> {
            try {
                long t0 = System.nanoTime();
                Ruleset loaded = compiler.load(files, origin, bytes);
                log.info("ruleset {}: compiled rules taken from the start cache {} in {} ms", shortVersion(version),
                        startCache, (System.nanoTime() - t0) / 1_000_000);
                return loaded;
            } catch (IOException | RuntimeException e) {
                log.info("start cache: the compiled rules of {} cannot be read ({}); compiling", shortVersion(version),
                        e.getMessage());
                return null;
            }
        }).orElse(null);
    }

    private Gate gate(Ruleset candidate, boolean wanted) {
        if (!gateOn || !wanted) {
            return new Gate(0, List.of(), true);
        }
        List<ScenarioResult> results = gate.run(candidate);
        List<FailingScenario> failing = results.stream().filter(r -> !r.passed())
                .map(r -> new FailingScenario(r.scenario().file(), r.scenario().name(), r.differences()))
                .toList();
        return new Gate(results.size(), failing, false);
    }

    private String liveVersion() {
        Ruleset r = live.get();
        return r == null ? null : r.version();
    }

    private static String shortVersion(String v) {
        return v == null ? "(none)" : v.substring(0, Math.min(12, v.length()));
    }

    private static String lines(List<?> items) {
        StringBuilder sb = new StringBuilder();
        items.forEach(i -> sb.append("  ").append(i).append('\n'));
        return sb.toString();
    }
}

package io.cilicensing.reload;

import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RuleError;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.impact.ImpactReport;
import io.cilicensing.reload.ReloadAttempt.FailingScenario;
import io.cilicensing.scenarios.ScenarioResult;
import java.time.Clock;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings rule changes live safely: a candidate is compiled off the request path, checked
 * against the scenario suite (when the gate is on), and swapped in atomically only when both
 * pass. A failed attempt leaves the live ruleset serving and is kept as {@link #lastReload()}.
 * Reloads run one at a time.
 */
public final class RulesetReloader {
    private static final Logger log = LoggerFactory.getLogger(RulesetReloader.class);

    private final LiveRuleset live;
    private final RulesetCompiler compiler;
    private final ScenarioGate gate;
    private final boolean gateOn;
    private final Clock clock;
    private final AtomicReference<ReloadAttempt> lastReload = new AtomicReference<>();
    private final List<Consumer<ReloadAttempt>> listeners = new CopyOnWriteArrayList<>();
    private final List<SwapListener> swapListeners = new CopyOnWriteArrayList<>();

    /** Told after a reload replaced the live ruleset with another. */
    @FunctionalInterface
    public interface SwapListener {
        /** Called on the reloading thread right after the swap; must not take long. */
        void swapped(Ruleset previous, Ruleset current, ReloadAttempt attempt);
    }

    public RulesetReloader(LiveRuleset live, RulesetCompiler compiler, ScenarioGate gate, boolean gateOn, Clock clock) {
        this.live = live;
        this.compiler = compiler;
        this.gate = gate;
        this.gateOn = gateOn;
        this.clock = clock;
    }

    /** Loads the rules directory at start; throws when it does not compile or fails the gate. */
    public synchronized Ruleset start() {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(live.dir());
        Ruleset candidate = compiler.compile(files, live.dir().toString()); // compile errors stop the start
        Gate checked = gate(candidate, true);
        if (!checked.failing.isEmpty()) {
            throw new ScenarioGateException(checked.failing);
        }
        live.set(candidate);
        lastReload.set(new ReloadAttempt(clock.instant(), "start", "LIVE", candidate.version(),
                "ruleset live" + checked.summary(), List.of(), List.of(), checked.run));
        log.info("ruleset {} live: {} rules from {} files in {}{}", shortVersion(candidate.version()),
                candidate.rules().size(), candidate.files().size(), live.dir().toAbsolutePath().normalize(),
                checked.summary());
        return candidate;
    }

    /** Reloads the rules directory; {@code trigger} says why (a file change, an admin request). */
    public synchronized ReloadAttempt reload(String trigger) {
        long started = System.nanoTime();
        ReloadAttempt result;
        Ruleset before = live.get();
        try {
            SortedMap<String, String> files = RulesetCompiler.readDirectory(live.dir());
            Ruleset current = before;
            if (current != null && current.version().equals(RulesetCompiler.version(files))) {
                result = new ReloadAttempt(clock.instant(), trigger, "UNCHANGED", current.version(),
                        "the rule files are those of the live ruleset", List.of(), List.of(), 0);
            } else {
                result = check(trigger, files, live.dir().toString(), true, true);
            }
        } catch (RulesetCompilationException e) {
            result = compileFailed(trigger, e);
        }
        Ruleset after = live.get();
        boolean swapped = result.live() && before != null && after != before && !swapListeners.isEmpty();
        if (swapped) {
            result = result.withImpact(ReloadAttempt.IMPACT_PENDING, null);
        }
        lastReload.set(result);
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
            default -> log.warn("reload ({}): {}; ruleset {} stays live:\n{}", trigger, result.message(),
                    shortVersion(liveVersion()), lines(result.failingScenarios()));
        }
        return result;
    }

    /** Compiles and optionally gates the given files exactly as a reload would, never activating them. */
    public ReloadAttempt validate(SortedMap<String, String> files, boolean runScenarios) {
        try {
            return check("validate", files, "request", false, runScenarios);
        } catch (RulesetCompilationException e) {
            return compileFailed("validate", e);
        }
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

    private ReloadAttempt check(String trigger, SortedMap<String, String> files, String origin, boolean activate,
                                boolean runScenarios) {
        Ruleset candidate = compiler.compile(files, origin);
        Gate checked = gate(candidate, runScenarios);
        if (!checked.failing.isEmpty()) {
            return new ReloadAttempt(clock.instant(), trigger, "SCENARIOS_FAILED", candidate.version(),
                    checked.failing.size() + " of " + checked.run + " scenarios fail against the new rules",
                    List.of(), checked.failing, checked.run);
        }
        if (activate) {
            live.set(candidate); // atomic: a decision in flight finishes on the ruleset it took
        }
        return new ReloadAttempt(clock.instant(), trigger, activate ? "LIVE" : "VALID", candidate.version(),
                (activate ? "ruleset live" : "the rules compile") + checked.summary(), List.of(), List.of(),
                checked.run);
    }

    private ReloadAttempt compileFailed(String trigger, RulesetCompilationException e) {
        return new ReloadAttempt(clock.instant(), trigger, "COMPILE_FAILED", null,
                e.errors().size() + " compile error(s); the live ruleset is unchanged", e.errors(), List.of(), 0);
    }

    /** The gate's verdict on one candidate. */
    private record Gate(int run, List<FailingScenario> failing, boolean skipped) {
        String summary() {
            return skipped ? " (scenario gate off)" : ", " + run + " scenarios pass";
        }
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

package io.cilicensing.impact;

import io.cilicensing.engine.RuleFailedException;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.engine.RulesDidNotSettleException;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.impact.ImpactReport.Example;
import io.cilicensing.impact.ImpactReport.Group;
import io.cilicensing.impact.ImpactReport.RuleFiring;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Replays fact sets with a baseline and a candidate ruleset and reports what changes
 * ({@link ImpactReport}). Pure: its answer depends only on the rulesets and the input (fact sets
 * without an {@code asOf} are decided at their case's instant, or at one instant taken when the
 * run starts), whatever the number of threads; grouping follows the input order.
 */
public final class ImpactAnalyzer {
    /** Most example decisions per group. */
    public static final int EXAMPLES = 5;
    /** Below this many fact sets, one thread replays them all (threads would cost more than they win). */
    static final int PARALLEL_FROM = 256;
    private static final List<String> ASPECTS = List.of("verdict", "request", "finding", "entitlement", "deadline",
            "error");

    /** How to run: worker threads, a time budget (null: none), progress reports (done, total). */
    public record Options(int threads, Duration timeBudget, Progress progress, ThreadFactory threadFactory) {
        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), null, Progress.NONE, Thread::new);
        }

        public Options withProgress(Progress p) {
            return new Options(threads, timeBudget, p, threadFactory);
        }
    }

    /** Told how far the replay is, from the thread that called {@link #analyze}, a few times a second. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        void report(int done, int total);
    }

    private final Replayer replayer;
    private final Clock clock;

    public ImpactAnalyzer(Replayer replayer, Clock clock) {
        this.replayer = replayer;
        this.clock = clock;
    }

    /**
     * The result of one case: not replayable (problem), or both rule firing counts and the
     * changes (the outcomes themselves are not kept: a large replay would hold them all).
     */
    private record CaseResult(String problem, Map<String, Integer> baseFirings, Map<String, Integer> candFirings,
                              List<Comparison.Change> changes) {}

    /**
     * Compiles the candidate files and analyses them; a candidate that does not compile gives a
     * COMPILE_FAILED report with every error (file, line, message) and nothing replayed.
     */
    public ImpactReport analyze(Ruleset baseline, String baselineOrigin, RulesetCompiler compiler,
                                SortedMap<String, String> candidateFiles, String candidateOrigin, ImpactInput input,
                                Options options) {
        long started = System.nanoTime();
        Ruleset candidate;
        try {
            candidate = compiler.compile(candidateFiles, candidateOrigin);
        } catch (RulesetCompilationException e) {
            return ImpactReport.compileFailed(new ImpactReport.BaselineRef(baseline.version(), baselineOrigin),
                    e.errors(), input.source(), (System.nanoTime() - started) / 1_000_000);
        }
        return analyze(baseline, baselineOrigin, candidate, input, options);
    }

    public ImpactReport analyze(Ruleset baseline, String baselineOrigin, Ruleset candidate, ImpactInput input,
                                Options options) {
        long started = System.nanoTime();
        Instant now = clock.instant();
        List<ReplayCase> cases = input.cases();
        int n = cases.size();
        CaseResult[] results = new CaseResult[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean outOfTime = new AtomicBoolean();
        long deadline = options.timeBudget() == null ? Long.MAX_VALUE
                : started + options.timeBudget().toNanos();
        Runnable work = () -> {
            while (true) {
                if (System.nanoTime() > deadline) {
                    outOfTime.set(true);
                    return;
                }
                int i = next.getAndIncrement();
                if (i >= n) {
                    return;
                }
                results[i] = replay(cases.get(i), baseline, candidate, now);
                done.incrementAndGet();
            }
        };
        int threads = n < PARALLEL_FROM ? 1 : Math.max(1, Math.min(options.threads(), n));
        if (threads == 1) {
            runInline(done, n, options.progress(), deadline, outOfTime, results, cases, baseline, candidate, now);
        } else {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread w = options.threadFactory().newThread(work);
                w.setName("impact-replay-" + t);
                w.setDaemon(true);
                workers.add(w);
                w.start();
            }
            try {
                for (Thread w : workers) {
                    while (w.isAlive()) {
                        w.join(250);
                        options.progress().report(done.get(), n);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("impact analysis interrupted", e);
            }
        }
        options.progress().report(done.get(), n);
        return report(baseline, baselineOrigin, candidate, input, results, outOfTime.get(), options,
                (System.nanoTime() - started) / 1_000_000);
    }

    /** One thread: the caller's own, reporting progress every 500 cases. */
    private void runInline(AtomicInteger done, int n, Progress progress,
                           long deadline, AtomicBoolean outOfTime, CaseResult[] results, List<ReplayCase> cases,
                           Ruleset baseline, Ruleset candidate, Instant now) {
        for (int i = 0; i < n; i++) {
            if (System.nanoTime() > deadline) {
                outOfTime.set(true);
                return;
            }
            results[i] = replay(cases.get(i), baseline, candidate, now);
            done.incrementAndGet();
            if (i % 500 == 499) {
                progress.report(i + 1, n);
            }
        }
    }

    private CaseResult replay(ReplayCase c, Ruleset baseline, Ruleset candidate, Instant now) {
        if (c.problem() != null || c.body() == null) {
            return new CaseResult(c.problem() == null ? "no fact set" : c.problem(), null, null, List.of());
        }
        Instant at = c.asOf() == null ? now : c.asOf();
        Outcome base = decide(c.body(), at, baseline);
        if (base.error() != null && base.error().startsWith("FACTS:")) {
            return new CaseResult("the fact set is not accepted: " + base.error().substring(6), null, null, List.of());
        }
        Outcome cand = decide(c.body(), at, candidate);
        return new CaseResult(null, base.firings(), cand.firings(), Comparison.compare(base, cand));
    }

    private Outcome decide(byte[] body, Instant at, Ruleset ruleset) {
        try {
            return Outcome.of(replayer.decide(body, at, ruleset));
        } catch (BadFactsException e) {
            return Outcome.failed("FACTS:" + e.error() + " " + e.getMessage());
        } catch (RulesDidNotSettleException e) {
            return Outcome.failed(RulesDidNotSettleException.CODE);
        } catch (RuleFailedException e) {
            return Outcome.failed(RuleFailedException.CODE);
        } catch (RuntimeException e) {
            return Outcome.failed(e.getClass().getSimpleName());
        }
    }

    /** A group being counted. */
    private static final class Tally {
        final String aspect;
        final String change;
        int count;
        final Set<String> rules = new TreeSet<>();
        final List<Example> examples = new ArrayList<>();

        Tally(String aspect, String change) {
            this.aspect = aspect;
            this.change = change;
        }
    }

    private static ImpactReport report(Ruleset baseline, String baselineOrigin, Ruleset candidate, ImpactInput input,
                                       CaseResult[] results, boolean outOfTime, Options options, long millis) {
        int replayed = 0;
        int changed = 0;
        int notReplayable = 0;
        int attempted = 0;
        Map<String, Tally> groups = new LinkedHashMap<>();
        Map<String, long[]> firings = new TreeMap<>();
        for (int i = 0; i < results.length; i++) {
            CaseResult r = results[i];
            if (r == null) {
                continue;
            }
            attempted++;
            if (r.problem() != null) {
                notReplayable++;
                continue;
            }
            replayed++;
            r.baseFirings().forEach((id, count) -> firings.computeIfAbsent(id, x -> new long[2])[0] += count);
            r.candFirings().forEach((id, count) -> firings.computeIfAbsent(id, x -> new long[2])[1] += count);
            if (r.changes().isEmpty()) {
                continue;
            }
            changed++;
            ReplayCase c = input.cases().get(i);
            Set<String> seen = new TreeSet<>();
            for (Comparison.Change ch : r.changes()) {
                String key = ch.aspect() + "\u0000" + ch.change();
                Tally t = groups.computeIfAbsent(key, k -> new Tally(ch.aspect(), ch.change()));
                t.rules.addAll(ch.rules());
                if (seen.add(key)) {
                    t.count++;
                    if (t.examples.size() < EXAMPLES) {
                        t.examples.add(new Example(c.decisionId(), c.tenantId()));
                    }
                }
            }
        }
        List<Group> out = groups.values().stream()
                .sorted(Comparator.<Tally>comparingInt(t -> ASPECTS.indexOf(t.aspect))
                        .thenComparing(t -> -t.count).thenComparing(t -> t.change))
                .map(t -> new Group(t.aspect, t.change, t.count, List.copyOf(t.rules), List.copyOf(t.examples)))
                .toList();
        List<RuleFiring> firingDiffs = new ArrayList<>();
        firings.forEach((id, c) -> {
            if (c[0] != c[1]) {
                firingDiffs.add(new RuleFiring(id, c[0], c[1]));
            }
        });
        boolean cutShort = outOfTime && attempted < results.length;
        String reason = cutShort ? "time budget of " + seconds(options.timeBudget()) + " reached after " + attempted
                + " of " + results.length + " decisions" : null;
        return new ImpactReport(changed == 0 ? ImpactReport.NO_CHANGE : ImpactReport.CHANGED,
                new ImpactReport.BaselineRef(baseline.version(), baselineOrigin),
                new ImpactReport.CandidateRef(candidate.version()), List.of(), input.source(), replayed, changed,
                notReplayable, cutShort, reason, millis, out, List.copyOf(firingDiffs));
    }

    private static String seconds(Duration d) {
        return d.toMillisPart() == 0 ? d.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}

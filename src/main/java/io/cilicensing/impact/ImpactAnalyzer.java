package io.cilicensing.impact;

import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.DecisionThreadsExhaustedException;
import io.cilicensing.engine.DecisionTimeoutException;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
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
 *
 * <p>Identical fact sets decided at the same instant (a log repeats bodies: its {@code ref}
 * lines) are decided once and counted for every decision that carries them: a decision depends
 * only on its facts and that instant.
 */
public final class ImpactAnalyzer {
    /** Most example decisions per group. */
    public static final int EXAMPLES = 5;
    /** Below this many fact sets, one thread replays them all (threads would cost more than they win). */
    static final int PARALLEL_FROM = 256;
    private static final List<String> ASPECTS = List.of("verdict", "request", "finding", "entitlement", "deadline",
            "error");

    /**
     * How to run: worker threads, a time budget (null: none), progress reports (done, total), and
     * the decision threads each decision runs on ({@code decisions}, null: on the replaying thread
     * itself, as the command line does). On decision threads, each decision is held to their
     * budget per fact set and to what is left of the run's: a fact set past it counts as
     * DECISION_TIMEOUT ({@link ImpactReport#timedOut()}) and the replay goes on, never waiting for
     * a decision that does not return (it is counted as stuck there).
     */
    public record Options(int threads, Duration timeBudget, Progress progress, ThreadFactory threadFactory,
                          DecisionThreads decisions) {
        public Options(int threads, Duration timeBudget, Progress progress, ThreadFactory threadFactory) {
            this(threads, timeBudget, progress, threadFactory, null);
        }

        public static Options defaults() {
            return new Options(Runtime.getRuntime().availableProcessors(), null, Progress.NONE, Thread::new);
        }

        public Options withProgress(Progress p) {
            return new Options(threads, timeBudget, p, threadFactory, decisions);
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
     * The result of one distinct fact set: not replayable (problem), or the changes (the outcomes
     * themselves are not kept: a large replay would hold them all; the rule firings are summed by
     * each worker as it goes, {@link Firings}).
     */
    private record CaseResult(String problem, List<Comparison.Change> changes, boolean timedOut) {
        CaseResult(String problem, List<Comparison.Change> changes) {
            this(problem, changes, false);
        }
    }

    /**
     * What to decide: the distinct (fact set, instant) pairs of the input, first occurrence
     * first; {@code unitOf[i]} is case i's, {@code weight[u]} how many cases share unit u.
     */
    private record Units(List<ReplayCase> first, List<Instant> at, int[] unitOf, int[] weight) {
        static Units of(List<ReplayCase> cases, Instant now) {
            int n = cases.size();
            int[] unitOf = new int[n];
            List<ReplayCase> first = new ArrayList<>();
            List<Instant> at = new ArrayList<>();
            List<Integer> weights = new ArrayList<>();
            Map<Key, Integer> seen = new HashMap<>();
            for (int i = 0; i < n; i++) {
                ReplayCase c = cases.get(i);
                Instant when = c.asOf() == null ? now : c.asOf();
                // a case that cannot be decided is a unit of its own; a fact set's body is hashed once
                Integer u = c.problem() != null || c.body() == null ? null
                        : seen.putIfAbsent(new Key(c.body(), when), first.size());
                if (u == null) {
                    u = first.size();
                    first.add(c);
                    at.add(when);
                    weights.add(0);
                }
                unitOf[i] = u;
                weights.set(u, weights.get(u) + 1);
            }
            return new Units(first, at, unitOf, weights.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /** A fact set's bytes and its instant, equal by content. */
    private static final class Key {
        private final byte[] body;
        private final Instant at;
        private final int hash;

        Key(byte[] body, Instant at) {
            this.body = body;
            this.at = at;
            this.hash = 31 * Arrays.hashCode(body) + at.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && at.equals(k.at)
                    && (body == k.body || Arrays.equals(body, k.body));
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Rule firing totals of one worker (baseline, candidate per rule id), added up at the end. */
    private static final class Firings {
        final Map<String, long[]> byRule = new HashMap<>();

        void add(Map<String, Integer> firings, int side, int weight) {
            firings.forEach((id, count) -> byRule.computeIfAbsent(id, x -> new long[2])[side] += (long) count * weight);
        }
    }

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
        Units units = Units.of(cases, now);
        int m = units.first().size();
        CaseResult[] results = new CaseResult[m];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicBoolean outOfTime = new AtomicBoolean();
        long deadline = options.timeBudget() == null ? Long.MAX_VALUE
                : started + options.timeBudget().toNanos();
        Decide decide = new Decide(options.decisions(), deadline, outOfTime);
        int threads = m < PARALLEL_FROM ? 1 : Math.max(1, Math.min(options.threads(), m));
        List<Firings> firings = new ArrayList<>();
        if (threads == 1) {
            Firings f = new Firings();
            firings.add(f);
            for (int u = 0; u < m; u++) {
                if (System.nanoTime() > deadline || outOfTime.get()) {
                    outOfTime.set(true);
                    break;
                }
                results[u] = replay(units, u, baseline, candidate, f, decide);
                int d = done.addAndGet(units.weight()[u]);
                if (u % 500 == 499) {
                    options.progress().report(d, n);
                }
            }
        } else {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Firings f = new Firings();
                firings.add(f);
                Thread w = options.threadFactory().newThread(() -> {
                    while (true) {
                        if (System.nanoTime() > deadline || outOfTime.get()) {
                            outOfTime.set(true);
                            return;
                        }
                        int u = next.getAndIncrement();
                        if (u >= m) {
                            return;
                        }
                        results[u] = replay(units, u, baseline, candidate, f, decide);
                        done.addAndGet(units.weight()[u]);
                    }
                });
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
        Map<String, long[]> totals = new TreeMap<>();
        for (Firings f : firings) {
            f.byRule.forEach((id, c) -> {
                long[] t = totals.computeIfAbsent(id, x -> new long[2]);
                t[0] += c[0];
                t[1] += c[1];
            });
        }
        return report(baseline, baselineOrigin, candidate, input, units, results, totals, outOfTime.get(),
                decide.stopReason, options, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * How one decision of the replay runs: on the replaying thread, or on decision threads within
     * their budget and the run's deadline. Every decision thread being stuck ends the run.
     */
    private static final class Decide {
        final DecisionThreads threads;
        final long deadline;
        final AtomicBoolean stop;
        volatile String stopReason;

        Decide(DecisionThreads threads, long deadline, AtomicBoolean stop) {
            this.threads = threads;
            this.deadline = deadline;
            this.stop = stop;
        }
    }

    /** Decides unit {@code u} with both rulesets, adding its firings ({@code weight} times) to {@code firings}. */
    private CaseResult replay(Units units, int u, Ruleset baseline, Ruleset candidate, Firings firings, Decide how) {
        ReplayCase c = units.first().get(u);
        if (c.problem() != null || c.body() == null) {
            return new CaseResult(c.problem() == null ? "no fact set" : c.problem(), List.of());
        }
        Replayer.Read facts;
        try {
            facts = replayer.read(c.facts(), units.at().get(u)); // once for both rulesets
        } catch (BadFactsException e) {
            return new CaseResult("the fact set is not accepted: " + e.error() + " " + e.getMessage(), List.of());
        } catch (RuntimeException e) {
            return new CaseResult(null, List.of()); // both decisions end in the same error: no change
        }
        Outcome base = decide(facts, baseline, how);
        if (base.error() != null && base.error().startsWith("FACTS:")) {
            return new CaseResult("the fact set is not accepted: " + base.error().substring(6), List.of());
        }
        if (DecisionTimeoutException.CODE.equals(base.error())) {
            // the abandoned decision may still be running on the facts as read: the candidate gets its own
            facts = replayer.read(c.facts(), units.at().get(u));
        }
        Outcome cand = decide(facts, candidate, how);
        firings.add(base.firings(), 0, units.weight()[u]);
        firings.add(cand.firings(), 1, units.weight()[u]);
        boolean timedOut = DecisionTimeoutException.CODE.equals(base.error())
                || DecisionTimeoutException.CODE.equals(cand.error());
        return new CaseResult(null, Comparison.compare(base, cand), timedOut);
    }

    private Outcome decide(Replayer.Read facts, Ruleset ruleset, Decide how) {
        try {
            if (how.threads == null) {
                return Outcome.of(replayer.decide(facts, ruleset));
            }
            Duration left = Duration.ofNanos(Math.max(0, how.deadline == Long.MAX_VALUE ? Long.MAX_VALUE
                    : how.deadline - System.nanoTime()));
            return Outcome.of(how.threads.run(ruleset, left, halt -> replayer.decide(facts, ruleset, halt)));
        } catch (BadFactsException e) {
            return Outcome.failed("FACTS:" + e.error() + " " + e.getMessage());
        } catch (RulesDidNotSettleException e) {
            return Outcome.failed(RulesDidNotSettleException.CODE);
        } catch (RuleFailedException e) {
            return Outcome.failed(RuleFailedException.CODE, ids(ruleset, e.rule()));
        } catch (DecisionTimeoutException e) {
            return Outcome.failed(DecisionTimeoutException.CODE, ids(ruleset, e.rule()));
        } catch (DecisionThreadsExhaustedException e) {
            how.stopReason = "every decision thread is stuck in a rule that did not return";
            how.stop.set(true);
            return Outcome.failed(e.code());
        } catch (RuntimeException e) {
            return Outcome.failed(e.getClass().getSimpleName());
        }
    }

    /** The ids of the rules named (one name, or several joined with ", "); a rule without an id by its name. */
    private static Set<String> ids(Ruleset ruleset, String names) {
        if (names == null) {
            return Set.of();
        }
        Set<String> ids = new TreeSet<>();
        for (String name : names.split(", ")) {
            ids.add(ruleset.rules().stream().filter(r -> r.name().equals(name)).map(Ruleset.RuleInfo::id)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(name));
        }
        return ids;
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
                                       Units units, CaseResult[] unitResults, Map<String, long[]> firings,
                                       boolean outOfTime, String stopReason, Options options, long millis) {
        int replayed = 0;
        int timedOut = 0;
        int changed = 0;
        int notReplayable = 0;
        int attempted = 0;
        Map<String, Tally> groups = new LinkedHashMap<>();
        int n = units.unitOf().length;
        for (int i = 0; i < n; i++) {
            CaseResult r = unitResults[units.unitOf()[i]];
            if (r == null) {
                continue;
            }
            attempted++;
            if (r.problem() != null) {
                notReplayable++;
                continue;
            }
            replayed++;
            if (r.timedOut()) {
                timedOut++;
            }
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
                .map(t -> new Group(t.aspect, t.change, t.count, List.copyOf(t.rules), List.copyOf(t.examples),
                        interpretations(t.rules, baseline, candidate)))
                .toList();
        List<RuleFiring> firingDiffs = new ArrayList<>();
        firings.forEach((id, c) -> {
            if (c[0] != c[1]) {
                firingDiffs.add(new RuleFiring(id, c[0], c[1]));
            }
        });
        boolean cutShort = outOfTime && attempted < n;
        String reason = !cutShort ? null : stopReason != null
                ? stopReason + ": stopped after " + attempted + " of " + n + " decisions"
                : "time budget of " + seconds(options.timeBudget()) + " reached after " + attempted + " of " + n
                        + " decisions";
        return new ImpactReport(changed == 0 ? ImpactReport.NO_CHANGE : ImpactReport.CHANGED,
                new ImpactReport.BaselineRef(baseline.version(), baselineOrigin),
                new ImpactReport.CandidateRef(candidate.version()), List.of(), null, input.source(), replayed, changed,
                notReplayable, timedOut, cutShort, reason, millis, out, List.copyOf(firingDiffs));
    }

    /**
     * The interpretations of the rules with these IDs, in the candidate or the baseline (a rule the
     * candidate removed still explains a change), each text once, in ID order.
     */
    static List<ImpactReport.Interpretation> interpretations(Set<String> ruleIds, Ruleset baseline, Ruleset candidate) {
        Set<ImpactReport.Interpretation> found = new java.util.LinkedHashSet<>();
        for (String id : ruleIds) {
            for (Ruleset r : List.of(candidate, baseline)) {
                for (Ruleset.RuleInfo rule : r.rules()) {
                    if (rule.id().equals(id) && rule.interpretation() != null) {
                        found.add(new ImpactReport.Interpretation(id, rule.interpretation()));
                    }
                }
            }
        }
        return List.copyOf(found);
    }

    private static String seconds(Duration d) {
        return d.toMillisPart() == 0 ? d.toSeconds() + " s"
                : String.format(java.util.Locale.ROOT, "%.1f s", d.toNanos() / 1e9);
    }
}

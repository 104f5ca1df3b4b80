package io.cilicensing.impact;

import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.report.ReportJson;
import io.cilicensing.worker.CandidateFailure;
import io.cilicensing.worker.Jobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Impact analysis over the recent decision log window: for {@code POST /v1/ruleset/impact} and
 * after every reload that goes live. A candidate's files (the endpoint) are replayed in the
 * worker process ({@link ImpactJob} through {@link Jobs}), never here: candidate rules are code.
 * A reload's impact compares two rulesets that both passed the worker to go live, and runs here,
 * each decision on the service's decision threads within its time budget, as live decisions are:
 * a rule that loops for a logged fact set costs that fact set (DECISION_TIMEOUT in the report, the
 * thread counted as stuck), never the impact thread.
 * Everything runs on ONE background thread of minimum priority, one analysis after another, each
 * replay held to a time budget: on a machine of two or more cores decision traffic always keeps
 * at least one core, and an analysis that runs out of time says so ({@code cutShort}).
 */
public final class RecentImpact implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecentImpact.class);
    private static final ObjectMapper JSON = ReportJson.mapper();

    private final Path logFile;
    private final ImpactAnalyzer analyzer;
    private final RulesetCompiler compiler;
    private final int defaultLast;
    private final Duration budget;
    private final ThreadPoolExecutor thread;
    private final Jobs jobs;
    private final DecisionThreads decisions;
    private final Supplier<SortedMap<String, String>> liveFiles;
    private final int maxInteractions;
    private final int firingLimit;
    private final int firingsPerFact;

    /**
     * @param logFile     the decision log (with its rotated files), or null when the log is off
     * @param defaultLast how many of the last logged decisions to replay when not told
     * @param budget      the longest a replay may take before it is cut short
     */
    public RecentImpact(Path logFile, Replayer replayer, RulesetCompiler compiler, Clock clock, int defaultLast,
                        Duration budget) {
        this(logFile, replayer, compiler, clock, defaultLast, budget, null, null, null, 0, 0, 0);
    }

    /**
     * With {@code jobs}, candidate files are replayed by job "impact" (the worker process) against
     * {@code liveFiles}, the live ruleset's rule files; without, in this process. Replays in this
     * process decide on {@code decisions} (the service's decision threads, null: on the impact
     * thread itself), each fact set within their budget: a decision that does not return is
     * counted as stuck there (metrics, liveness) and the replay goes on without it.
     */
    public RecentImpact(Path logFile, Replayer replayer, RulesetCompiler compiler, Clock clock, int defaultLast,
                        Duration budget, DecisionThreads decisions, Jobs jobs,
                        Supplier<SortedMap<String, String>> liveFiles, int maxInteractions, int firingLimit,
                        int firingsPerFact) {
        this.decisions = decisions;
        this.jobs = jobs;
        this.liveFiles = liveFiles;
        this.maxInteractions = maxInteractions;
        this.firingLimit = firingLimit;
        this.firingsPerFact = firingsPerFact;
        if (defaultLast < 1) {
            throw new IllegalArgumentException("rules.impact.last must be >= 1, got " + defaultLast);
        }
        this.logFile = logFile;
        this.analyzer = new ImpactAnalyzer(replayer, clock);
        this.compiler = compiler;
        this.defaultLast = defaultLast;
        this.budget = budget;
        this.thread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ruleset-impact");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
    }

    /** The facts topic of this instance (it consumes Kafka), or null: {@code source kafka} is refused. */
    private volatile ImpactJob.KafkaSource factsTopic;
    /** The longest a replay of the whole tenant base may take (rules.impact.kafka-time-budget). */
    private volatile Duration factsTopicBudget;

    /**
     * Set when this instance consumes Kafka: the topic {@code POST /v1/ruleset/impact} reads with
     * {@code source kafka}, and the longest its replay may take before it is cut short.
     */
    public void factsTopic(ImpactJob.KafkaSource topic, Duration budget) {
        this.factsTopic = topic;
        this.factsTopicBudget = budget;
    }

    public ImpactJob.KafkaSource factsTopic() {
        return factsTopic;
    }

    public Duration budget() {
        return budget;
    }

    public int defaultLast() {
        return defaultLast;
    }

    /**
     * The impact of the candidate files against {@code baseline} (the live ruleset) on the last
     * {@code last} (null: the default) decisions logged at or after {@code since} (null: any);
     * waits for the impact thread (compiling the candidate, reading the log, the replay).
     */
    public ImpactReport candidate(Ruleset baseline, SortedMap<String, String> files, Integer last, Instant since)
            throws InterruptedException {
        return candidate(baseline, files, last, since, null);
    }

    /**
     * As {@link #candidate(Ruleset, SortedMap, Integer, Instant)}; with {@code kafka}, on every
     * tenant's latest fact set in that facts topic instead of the log window.
     */
    public ImpactReport candidate(Ruleset baseline, SortedMap<String, String> files, Integer last, Instant since,
                                  ImpactJob.KafkaSource kafka) throws InterruptedException {
        SortedMap<String, String> baselineFiles = liveFiles == null ? null : liveFiles.get();
        Future<ImpactReport> f = jobs == null || baselineFiles == null
                ? thread.submit(() -> analyzer.analyze(baseline, "live", compiler, files, "request",
                        kafka != null ? ImpactJob.readTopic(kafka) : window(last, since), options(kafka)))
                : thread.submit(() -> inWorker(baseline, baselineFiles, files, last, since, kafka));
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("impact analysis failed: " + e.getCause(), e.getCause());
        }
    }

    /** Starts the impact of a reload (previous → current) on the default window; {@code done} gets it. */
    public void afterReload(Ruleset previous, Ruleset current, Consumer<ImpactReport> done, Consumer<Exception> failed) {
        thread.execute(() -> {
            try {
                ImpactReport r = analyzer.analyze(previous, "live before the reload", current, window(null, null),
                        options(null));
                log.info("reload impact ({} → {}): {} of {} recent decisions change{}",
                        previous.version().substring(0, 12), current.version().substring(0, 12), r.changed(),
                        r.replayed(), r.cutShort() ? " (" + r.cutShortReason() + ")" : "");
                done.accept(r);
            } catch (RuntimeException e) {
                log.warn("reload impact failed: {}", e.toString());
                failed.accept(e);
            }
        });
    }

    /** The candidate's impact replayed by the worker process; a candidate that breaks it is reported, not fatal. */
    private ImpactReport inWorker(Ruleset baseline, SortedMap<String, String> baselineFiles,
                                  SortedMap<String, String> files, Integer last, Instant since,
                                  ImpactJob.KafkaSource kafka) throws Exception {
        Duration replay = budget(kafka);
        ImpactJob.Input input = new ImpactJob.Input(baselineFiles, files, logFile == null ? null : logFile.toString(),
                last == null ? defaultLast : last, since, replay.toMillis(), maxInteractions, firingLimit, firingsPerFact,
                decisions == null ? 0 : decisions.budget().toMillis(), kafka);
        // the replay's budget comes on top of the job limit: compiling both rulesets and reading the input come first
        Jobs.Outcome outcome = jobs.run(ImpactJob.TYPE, JSON.valueToTree(input), replay);
        if (outcome instanceof Jobs.Done done) {
            return JSON.treeToValue(done.result(), ImpactReport.class);
        }
        CandidateFailure failure = ((Jobs.Failed) outcome).failure();
        log.warn("impact of candidate rules failed in the worker process: {}", failure.describe());
        return ImpactReport.candidateFailed(new ImpactReport.BaselineRef(baseline.version(), "live"), failure,
                kafka != null ? new ImpactReport.Source("kafka", kafka.topic()) : window(last, since).source());
    }

    /**
     * A replay of the recent log on one thread; of the whole tenant base ({@code kafka}) on two,
     * within its own budget: an analyst's job over every tenant, not a background check.
     */
    private ImpactAnalyzer.Options options(ImpactJob.KafkaSource kafka) {
        return new ImpactAnalyzer.Options(kafka == null ? 1 : ImpactJob.REPLAY_THREADS, budget(kafka),
                ImpactAnalyzer.Progress.NONE, Thread::new, decisions);
    }

    private Duration budget(ImpactJob.KafkaSource kafka) {
        return kafka == null ? budget : factsTopicBudget; // a kafka source is refused until factsTopic is set
    }

    private ImpactInput window(Integer last, Instant since) {
        if (logFile == null) {
            return new ImpactInput(new ImpactReport.Source("log",
                    "the decision log is off (decisions.log.enabled=false): nothing to replay"), List.of());
        }
        return ImpactSources.log(List.of(logFile), since, last == null ? defaultLast : last);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

package io.cilicensing.impact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.report.ReportJson;
import io.cilicensing.worker.JobContext;
import io.cilicensing.worker.JobHandler;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Job "impact", run in the worker process: the impact of candidate rule files on the recent
 * decision log window, against the live rule files. Candidate rules are code, so their replay
 * runs where a rule that exits, loops or exhausts memory cannot touch the service (issue 15);
 * the service only asks and waits. Input: see {@link Input}; result: the {@link ImpactReport}.
 */
public final class ImpactJob implements JobHandler {
    public static final String TYPE = "impact";
    private static final ObjectMapper JSON = ReportJson.mapper();

    /** The live rule files (the baseline), the candidate's, and the log window to replay. */
    public record Input(SortedMap<String, String> baselineFiles, SortedMap<String, String> candidateFiles,
                        String logFile, Integer last, Instant since, long budgetMillis, int maxInteractions,
                        int firingLimit, int firingsPerFact, long decisionBudgetMillis, KafkaSource kafka) {}

    /**
     * The facts topic to read every tenant's latest fact set from instead of the log (null: the
     * log): the worker reads it itself, so the fact sets never travel through the job's input.
     */
    public record KafkaSource(String servers, String topic, java.util.Map<String, String> properties) {}


    /**
     * Decision threads of a replay in the worker: a fact set that does not return holds one (and
     * the process is replaced after the job); when both are held, the replay ends.
     */
    static final int REPLAY_THREADS = 2;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public JsonNode run(JsonNode inputJson, JobContext context) throws Exception {
        Input in = JSON.treeToValue(inputJson, Input.class);
        RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());
        context.step("compiling the live rules");
        Ruleset baseline = compiler.compile(new TreeMap<>(in.baselineFiles()), "live");
        ImpactInput window = in.kafka() != null ? readTopic(in.kafka())
                : in.logFile() == null
                ? new ImpactInput(new ImpactReport.Source("log",
                        "the decision log is off (decisions.log.enabled=false): nothing to replay"), List.of())
                : ImpactSources.log(List.of(Path.of(in.logFile())), in.since(), in.last());
        ImpactAnalyzer analyzer = new ImpactAnalyzer(new Replayer(in.maxInteractions(), in.firingLimit(), in.firingsPerFact()),
                Clock.systemUTC());
        context.step("compiling the candidate");
        long started = System.nanoTime();
        Ruleset candidate;
        try {
            candidate = compiler.compile(new TreeMap<>(in.candidateFiles()), "request");
        } catch (RulesetCompilationException e) {
            return JSON.valueToTree(ImpactReport.compileFailed(new ImpactReport.BaselineRef(baseline.version(), "live"),
                    e.errors(), window.source(), (System.nanoTime() - started) / 1_000_000));
        }
        context.step("replaying " + window.cases().size() + (in.kafka() != null ? " tenants' fact sets"
                : " logged decisions"));
        // observed: a candidate rule that exits, loops or exhausts the worker is named in the failure
        // each fact set within the service's decision budget, as live: a loop costs that fact set, not the replay
        DecisionThreads decisions = in.decisionBudgetMillis() <= 0 ? null
                : context.decisionThreads(REPLAY_THREADS, Duration.ofMillis(in.decisionBudgetMillis()),
                        "decisions.time-budget", "replay-");
        ImpactReport report = analyzer.analyze(baseline, "live", context.observe(candidate), window,
                new ImpactAnalyzer.Options(in.kafka() != null ? REPLAY_THREADS : 1, Duration.ofMillis(in.budgetMillis()),
                        ImpactAnalyzer.Progress.NONE,
                        Thread::new, decisions));
        return JSON.valueToTree(report);
    }

    static ImpactInput readTopic(KafkaSource source) {
        return io.cilicensing.kafka.FactsTopicSnapshot.impactInput(source.servers(), source.topic(),
                new java.util.HashMap<>(source.properties() == null ? java.util.Map.of() : source.properties()));
    }
}

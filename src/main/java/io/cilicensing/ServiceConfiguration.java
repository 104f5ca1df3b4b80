package io.cilicensing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.reload.CandidateCheck;
import io.cilicensing.reload.GateJob;
import io.cilicensing.reload.RulesDirectoryWatcher;
import io.cilicensing.reload.RulesetHistory;
import io.cilicensing.reload.RulesetReloader;
import io.cilicensing.reload.StartCache;
import io.cilicensing.reload.ScenarioGate;
import io.cilicensing.report.ReportJson;
import io.cilicensing.scenarios.ScenarioRunner;
import io.cilicensing.worker.CandidateWorker;
import io.cilicensing.worker.InProcessJobs;
import io.cilicensing.worker.Jobs;
import io.cilicensing.worker.WorkerSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Wires the service from its properties (README > Configuration). */
@Configuration
public class ServiceConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The same JSON mapping the scenario runner and command line use. */
    @Bean
    @Primary
    ObjectMapper objectMapper() {
        return ReportJson.mapper();
    }

    @Bean
    RulesetCompiler rulesetCompiler(Clock clock) {
        return new RulesetCompiler(clock);
    }

    @Bean
    LiveRuleset liveRuleset(@Value("${rules.dir:./rules}") String dir) {
        return new LiveRuleset(Path.of(dir));
    }

    @Bean
    DecisionService decisionService(Clock clock,
                                    @Value("${rules.firing-limit}") int firingLimit,
                                    @Value("${rules.firings-per-fact}") int firingsPerFact,
                                    @Value("${decisions.max-interactions}") int maxInteractions) {
        return new DecisionService(new FactSetReader(maxInteractions), new DecisionEngine(firingLimit, firingsPerFact),
                clock);
    }

    /** The decision threads the endpoints decide on, each decision within the time budget. */
    @Bean
    DecisionThreads decisionThreads(@Value("${decisions.threads}") int threads,
                                    @Value("${decisions.time-budget}") Duration budget) {
        return new DecisionThreads(threads, budget);
    }

    /**
     * Where candidate rules are compiled and gated: a worker process (README > Reload and validate
     * in a worker process), or this process when {@code rules.worker.enabled=false}.
     */
    @Bean
    Jobs candidateJobs(@Value("${rules.worker.enabled:true}") boolean enabled,
                       @Value("${rules.worker.max-heap:256m}") String maxHeap,
                       @Value("${rules.worker.job-timeout:30s}") Duration jobTimeout,
                       @Value("${rules.worker.jvm-options:}") String jvmOptions,
                       @Value("${rules.worker.own-session:true}") boolean ownSession,
                       @Value("${rules.worker.start-timeout:60s}") Duration startTimeout) {
        if (!enabled) {
            return new InProcessJobs();
        }
        List<String> options = Arrays.stream(jvmOptions.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
        return new CandidateWorker(new WorkerSettings(maxHeap, jobTimeout, options, ownSession, startTimeout));
    }

    /** Every ruleset that went live, with its files, kept under {@code rules.history.dir}. */
    @Bean
    RulesetHistory rulesetHistory(@Value("${rules.history.dir:logs/ruleset-history}") String dir, ObjectMapper json) {
        return new RulesetHistory(Path.of(dir), json);
    }

    /**
     * Compiles the rules directory and runs the scenario gate at start: a compile error or a
     * failing scenario stops the start (see the FailureAnalyzers), so a broken ruleset is never served.
     */
    @Bean
    RulesetReloader rulesetReloader(LiveRuleset live, RulesetCompiler compiler, DecisionService decisions, Clock clock,
                                    Jobs candidateJobs, RulesetHistory history, DecisionThreads decisionThreads,
                                    @Value("${rules.scenarios-dir:./test-scenarios}") String scenariosDir,
                                    @Value("${rules.gate:true}") boolean gate,
                                    @Value("${rules.firing-limit}") int firingLimit,
                                    @Value("${decisions.max-interactions}") int maxInteractions,
                                    @Value("${rules.worker.scenario-budget:3s}") Duration scenarioBudget,
                                    @Value("${rules.start-cache-dir:}") String startCacheDir) {
        CandidateCheck candidates = new CandidateCheck(candidateJobs, Path.of(scenariosDir), firingLimit,
                maxInteractions, scenarioBudget);
        // the start's gate decides on the decision threads too: a rule that loops fails the start, within the budget
        ScenarioRunner startRunner = new ScenarioRunner((body, ruleset) -> decisionThreads.run(ruleset,
                halt -> decisions.decide(body, ruleset, halt)));
        RulesetReloader reloader = new RulesetReloader(live, compiler,
                new ScenarioGate(Path.of(scenariosDir), startRunner), candidates, gate, clock);
        reloader.onLive(history);
        reloader.onImpact(history);
        reloader.startCache(StartCache.in(startCacheDir));
        reloader.start();
        if (candidateJobs instanceof CandidateWorker worker) {
            // each new worker process is warmed with the live rules' gate, so the next reload is fast
            worker.warmUpWith(() -> Optional.ofNullable(reloader.liveFiles()).map(files -> new CandidateWorker.Job(
                    GateJob.TYPE, GateJob.input(candidates.input(files, "warm-up", gate)))));
        }
        return reloader;
    }

    /**
     * The worker process starts rules.worker.start-delay after the service is ready, so it neither
     * slows the start nor competes for the cores while the service warms up; a reload, validate or
     * impact asked for before then starts it at once.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> startCandidateWorker(Jobs candidateJobs,
            @Value("${rules.worker.start-delay:30s}") Duration startDelay) {
        return event -> {
            if (candidateJobs instanceof CandidateWorker worker) {
                worker.startInBackground(startDelay);
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "rules.watch", havingValue = "true", matchIfMissing = true)
    RulesDirectoryWatcher rulesDirectoryWatcher(RulesetReloader reloader, LiveRuleset live,
                                                @Value("${rules.watch-debounce-ms:500}") long debounceMillis) {
        return new RulesDirectoryWatcher(reloader, live.dir(), debounceMillis);
    }
}

package io.cilicensing.impact;

import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.reload.ReloadAttempt;
import io.cilicensing.reload.RulesetReloader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import io.cilicensing.worker.CandidateWorker;
import io.cilicensing.worker.Jobs;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Impact analysis in the service (README > Configuration, rules.impact.*): the recent log
 * window, replayed on one low-priority thread for {@code POST /v1/ruleset/impact} and after every
 * reload that goes live (recorded in {@code GET /v1/ruleset} → {@code lastReload.impact}).
 */
@Configuration
public class ImpactConfiguration {

    @Bean(destroyMethod = "close")
    RecentImpact recentImpact(RulesetCompiler compiler, Clock clock, RulesetReloader reloader,
                              @Value("${decisions.log.enabled}") boolean logEnabled,
                              @Value("${decisions.log.path}") String logPath,
                              @Value("${rules.firing-limit}") int firingLimit,
                              @Value("${rules.firings-per-fact}") int firingsPerFact,
                              @Value("${decisions.max-interactions}") int maxInteractions,
                              @Value("${rules.impact.last}") int last,
                              @Value("${rules.impact.time-budget}") Duration budget,
                              @Value("${rules.impact.on-reload:true}") boolean onReload,
                              Jobs candidateJobs, DecisionThreads decisionThreads) {
        // a candidate's replay goes to the worker process (when rules.worker.enabled, the default)
        RecentImpact impact = new RecentImpact(logEnabled ? Path.of(logPath) : null,
                new Replayer(maxInteractions, firingLimit, firingsPerFact), compiler, clock, last, budget,
                decisionThreads, candidateJobs instanceof CandidateWorker ? candidateJobs : null, reloader::liveFiles, maxInteractions,
                firingLimit, firingsPerFact);
        if (onReload) {
            reloader.onSwap((previous, current, attempt) -> impact.afterReload(previous, current,
                    report -> reloader.recordImpact(attempt, ReloadAttempt.IMPACT_DONE, report),
                    e -> reloader.recordImpact(attempt, ReloadAttempt.IMPACT_FAILED, null)));
        }
        return impact;
    }
}

package io.cilicensing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.reload.RulesDirectoryWatcher;
import io.cilicensing.reload.RulesetReloader;
import io.cilicensing.reload.ScenarioGate;
import io.cilicensing.report.ReportJson;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
     * Compiles the rules directory and runs the scenario gate at start: a compile error or a
     * failing scenario stops the start (see the FailureAnalyzers), so a broken ruleset is never served.
     */
    @Bean
    RulesetReloader rulesetReloader(LiveRuleset live, RulesetCompiler compiler, DecisionService decisions, Clock clock,
                                    @Value("${rules.scenarios-dir:./test-scenarios}") String scenariosDir,
                                    @Value("${rules.gate:true}") boolean gate) {
        RulesetReloader reloader = new RulesetReloader(live, compiler,
                new ScenarioGate(Path.of(scenariosDir), decisions), gate, clock);
        reloader.start();
        return reloader;
    }

    @Bean
    @ConditionalOnProperty(name = "rules.watch", havingValue = "true", matchIfMissing = true)
    RulesDirectoryWatcher rulesDirectoryWatcher(RulesetReloader reloader, LiveRuleset live,
                                                @Value("${rules.watch-debounce-ms:500}") long debounceMillis) {
        return new RulesDirectoryWatcher(reloader, live.dir(), debounceMillis);
    }
}

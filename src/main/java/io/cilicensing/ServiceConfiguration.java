package io.cilicensing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.ReportJson;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
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

    /** Compiles the rules directory at start; a compile error stops the start (see RulesetFailureAnalyzer). */
    @Bean
    LiveRuleset liveRuleset(RulesetCompiler compiler, @Value("${rules.dir:./rules}") String dir) {
        LiveRuleset live = new LiveRuleset(compiler, Path.of(dir));
        live.load();
        return live;
    }

    @Bean
    DecisionService decisionService(LiveRuleset live, Clock clock,
                                    @Value("${rules.firing-limit:10000}") int firingLimit,
                                    @Value("${decisions.max-interactions:100000}") int maxInteractions) {
        return new DecisionService(new FactSetReader(maxInteractions), new DecisionEngine(firingLimit), live, clock);
    }
}

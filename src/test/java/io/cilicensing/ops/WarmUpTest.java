package io.cilicensing.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.TestRules;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** The warm-up before readiness: the shipped scenarios' fact sets decided with a one-rule ruleset. */
class WarmUpTest {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private DecisionThreads threads;
    private DecisionService decisions;
    private LiveRuleset live;

    @BeforeEach
    void ruleset() {
        Path rules = TestRules.grantsDirectory("warm-up-rules", 10_000);
        live = new LiveRuleset(rules);
        live.set(new RulesetCompiler(Clock.systemUTC()).compile(rules));
        threads = new DecisionThreads(2, Duration.ofSeconds(10));
        decisions = new DecisionService(new FactSetReader(1_000_000), new DecisionEngine(10_000), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        threads.close();
    }

    private WarmUp warmUp(String scenariosDir, int decisionsInAll) {
        return new WarmUp(decisions, threads, live, JSON, scenariosDir, decisionsInAll, 2);
    }

    private static void awaitFinished(WarmUp w) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!w.finished() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(w.finished()).as("warm-up finished within 60 s").isTrue();
    }

    @Test
    void readinessIsOutOfServiceUntilTheScenarioFactSetsAreDecidedThenUpWithTheCount() throws Exception {
        WarmUp w = warmUp("test-scenarios", 500);

        Health before = w.health();
        w.start();
        awaitFinished(w);
        Health after = w.health();

        assertThat(before.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(before.getDetails()).containsEntry("decisions", 0).containsEntry("of", 500);
        assertThat(after.getStatus()).isEqualTo(Status.UP);
        assertThat(after.getDetails()).containsEntry("decisions", 500);
        assertThat(after.getDetails()).containsKey("millis");
    }

    @Test
    void zeroDecisionsTurnsTheWarmUpOffAndTheInstanceIsReadyAtOnce() {
        WarmUp w = warmUp("test-scenarios", 0);

        assertThat(w.health().getStatus()).isEqualTo(Status.UP);
        assertThat(w.finished()).isTrue();
    }

    @Test
    void withoutScenarioFactSetsTheWarmUpIsSkippedAndTheInstanceIsReady() throws Exception {
        Path empty = Files.createTempDirectory("no-scenarios");
        WarmUp w = warmUp(empty.toString(), 500);

        w.start();
        awaitFinished(w);

        assertThat(w.health().getStatus()).isEqualTo(Status.UP);
        assertThat(w.health().getDetails()).containsEntry("decisions", 0);
    }
}

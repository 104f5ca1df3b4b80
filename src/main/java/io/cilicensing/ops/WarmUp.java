package io.cilicensing.ops;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Health component {@code warmUp}, in the readiness group: a new instance decides the scenario
 * suite's fact sets {@code decisions.warm-up.decisions} times in all (on the decision threads,
 * the report written as JSON, as a live decision is) before it says it is ready, so that the
 * load balancer's first requests meet code the JIT has already compiled instead of paying
 * several times the warm cost. The instance answers requests sent to it meanwhile; only its
 * readiness waits ({@code OUT_OF_SERVICE} with the progress, then {@code UP}). Warm-up decisions
 * are neither logged nor counted in the decision metrics. {@code decisions.warm-up.decisions=0}
 * turns it off; a failure to read the scenarios ends the warm-up (logged), never the start.
 */
@Component
public class WarmUp implements HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(WarmUp.class);

    private final DecisionService decisions;
    private final DecisionThreads threads;
    private final LiveRuleset live;
    private final ObjectMapper json;
    private final Path scenariosDir;
    private final int target;
    private final int parallelism;
    private final AtomicInteger taken = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile boolean finished;
    private volatile long millis = -1;

    public WarmUp(DecisionService decisions, DecisionThreads threads, LiveRuleset live, ObjectMapper json,
                  @Value("${rules.scenarios-dir:./test-scenarios}") String scenariosDir,
                  @Value("${decisions.warm-up.decisions:20000}") int target,
                  @Value("${decisions.warm-up.threads:2}") int parallelism) {
        this.decisions = decisions;
        this.threads = threads;
        this.live = live;
        this.json = json;
        this.scenariosDir = Path.of(scenariosDir);
        this.target = Math.max(0, target);
        this.parallelism = Math.max(1, parallelism);
        this.finished = this.target == 0;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (finished) {
            return;
        }
        Thread t = new Thread(this::run, "warm-up");
        t.setDaemon(true);
        t.start();
    }

    private void run() {
        long t0 = System.nanoTime();
        try {
            List<byte[]> bodies = new ArrayList<>();
            for (Scenario s : new ScenarioLoader().loadAll(scenariosDir)) {
                if (s.request() != null) { // a file that is not a scenario has none
                    bodies.add(json.writeValueAsBytes(s.request()));
                }
            }
            Ruleset ruleset = live.get();
            if (bodies.isEmpty() || ruleset == null) {
                log.info("warm-up skipped: {}", bodies.isEmpty() ? "no scenario fact sets in " + scenariosDir
                        : "no ruleset is live");
                return;
            }
            List<CompletableFuture<Void>> lanes = new ArrayList<>();
            for (int lane = 0; lane < parallelism; lane++) {
                int first = lane;
                lanes.add(CompletableFuture.runAsync(() -> lane(bodies, ruleset, first), r -> {
                    Thread th = new Thread(r, "warm-up-" + first);
                    th.setDaemon(true);
                    th.start();
                }));
            }
            CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).join();
            millis = (System.nanoTime() - t0) / 1_000_000;
            log.info("warm-up: {} decisions of {} scenario fact sets in {} ms; ready", done.get(), bodies.size(), millis);
        } catch (RuntimeException | java.io.IOException e) {
            log.info("warm-up ended early ({}); ready", e.toString());
        } finally {
            finished = true;
        }
    }

    private void lane(List<byte[]> bodies, Ruleset ruleset, int first) {
        int i = first;
        while (taken.getAndIncrement() < target) {
            byte[] body = bodies.get(i % bodies.size());
            i += parallelism;
            try {
                DecisionReport report = threads.run(ruleset, halt -> decisions.decide(body, ruleset, halt));
                json.writeValueAsBytes(report);
            } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
                // a scenario whose facts are refused, or a rule that fails: warm all the same
            }
            done.incrementAndGet();
        }
    }

    /** Whether the warm-up is over (or off). */
    public boolean finished() {
        return finished;
    }

    @Override
    public Health health() {
        if (finished) {
            Health.Builder up = Health.up().withDetail("decisions", done.get());
            return millis >= 0 ? up.withDetail("millis", millis).build() : up.build();
        }
        return Health.outOfService().withDetail("decisions", done.get()).withDetail("of", target).build();
    }
}

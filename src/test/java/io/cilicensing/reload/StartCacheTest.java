package io.cilicensing.reload;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.worker.InProcessJobs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start takes the compiled rules and a passed gate from an earlier start only when nothing they depend on changed. */
class StartCacheTest {
    private static final String RULE = """
            package t;
            import io.cilicensing.facts.*;
            rule "ENT-01 r" @id("ENT-01") @source("s")
            when License( quantity > 0 )
            then
            end
            """;
    private static final String SCENARIO = """
            name: a license fires ENT-01
            covers: [ENT-01]
            request:
              asOf: 2024-07-01
              tenant: { id: t1, homeGeo: US }
              licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2023-10-02 } ]
            expect:
              fired: [ENT-01]
            """;

    @TempDir
    Path dir;
    Path rules;
    Path scenarios;
    Path cacheDir;

    @BeforeEach
    void files() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        scenarios = Files.createDirectories(dir.resolve("scenarios"));
        cacheDir = dir.resolve("cache");
        Files.writeString(rules.resolve("r.drl"), RULE);
        Files.writeString(scenarios.resolve("s.yaml"), SCENARIO);
    }

    private record Started(RulesetReloader reloader, LiveRuleset live) {
        ReloadAttempt lastReload() {
            return reloader.lastReload();
        }
    }

    private Started start(StartCache cache) {
        LiveRuleset live = new LiveRuleset(rules);
        DecisionService service = new DecisionService(new FactSetReader(10), new DecisionEngine(100), Clock.systemUTC());
        RulesetReloader reloader = new RulesetReloader(live, new RulesetCompiler(Clock.systemUTC()),
                new ScenarioGate(scenarios, service), new CandidateCheck(new InProcessJobs(), scenarios, 100, 10),
                true, Clock.systemUTC());
        reloader.startCache(cache);
        reloader.start();
        return new Started(reloader, live);
    }

    private List<Path> cached() throws Exception {
        try (Stream<Path> files = Files.list(cacheDir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aSecondStartLoadsTheCompiledRulesAndDoesNotRunThePassedGateAgain() throws Exception {
        Started first = start(new StartCache(cacheDir, "code-1"));
        assertThat(first.lastReload().message()).contains("1 scenarios pass");
        assertThat(cached()).extracting(p -> p.getFileName().toString().replaceAll("^[0-9a-f]{64}", ""))
                .containsExactlyInAnyOrder(".rules", ".passed");

        Started second = start(new StartCache(cacheDir, "code-1"));

        Ruleset loaded = second.live().get();
        assertThat(loaded.version()).isEqualTo(first.live().get().version());
        assertThat(second.lastReload().message()).contains("passed at an earlier start");
        // the loaded rules decide: the scenario passes on them
        assertThat(new ScenarioGate(scenarios, new DecisionService(new FactSetReader(10), new DecisionEngine(100),
                Clock.systemUTC())).run(loaded)).singleElement().satisfies(r -> assertThat(r.passed()).isTrue());
    }

    @Test
    void otherCodeAChangedScenarioOrADamagedFileCompileAndGateAsWithoutACache() throws Exception {
        start(new StartCache(cacheDir, "code-1"));

        // other code (a new jar): neither file is taken, the gate runs
        assertThat(start(new StartCache(cacheDir, "code-2")).lastReload().message()).contains("1 scenarios pass");

        // a changed scenario file: the compiled rules are taken, the gate runs again
        Files.writeString(scenarios.resolve("s.yaml"), SCENARIO + "# changed\n");
        assertThat(start(new StartCache(cacheDir, "code-1")).lastReload().message()).contains("1 scenarios pass");

        // every compiled form damaged: the start compiles, and writes it anew
        for (Path p : cached()) {
            if (p.toString().endsWith(".rules")) {
                Files.write(p, "not compiled rules".getBytes(StandardCharsets.UTF_8));
            }
        }
        Started afterDamage = start(new StartCache(cacheDir, "code-1"));
        assertThat(afterDamage.live().get().rules()).hasSize(1);
        assertThat(Files.size(cached().stream().filter(p -> p.toString().endsWith(".rules")).findFirst().orElseThrow()))
                .isGreaterThan(100);
    }

    @Test
    void aFailingGateIsNotRememberedAndStopsEveryStart() throws Exception {
        Files.writeString(scenarios.resolve("s.yaml"), SCENARIO.replace("fired: [ENT-01]", "notFired: [ENT-01]"));
        StartCache cache = new StartCache(cacheDir, "code-1");

        for (int i = 0; i < 2; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(cache))
                    .isInstanceOf(ScenarioGateException.class);
        }
        assertThat(cached()).noneMatch(p -> p.toString().endsWith(".passed"));
    }
}

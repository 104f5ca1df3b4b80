package io.cilicensing.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.worker.InProcessJobs;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieBase;

class RulesetReloaderTest {
    private static final String RULE = """
            package t;
            import io.cilicensing.facts.*;
            rule "ENT-01 r" @id("ENT-01") @source("s")
            when License( quantity > %d )
            then
            end
            """;

    @TempDir
    Path dir;

    private RulesetReloader reloader(LiveRuleset live, boolean gate) {
        DecisionService service = new DecisionService(new FactSetReader(10), new DecisionEngine(100),
                Clock.systemUTC());
        return new RulesetReloader(live, new RulesetCompiler(Clock.systemUTC()),
                new ScenarioGate(dir.resolve("no-scenarios"), service),
                new CandidateCheck(new InProcessJobs(), dir.resolve("no-scenarios"), 100, 10), gate, Clock.systemUTC());
    }

    @Test
    void replacedRulesetsAreReleasedOverAHundredReloads() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("r.drl"), RULE.formatted(0));
        LiveRuleset live = new LiveRuleset(rules);
        RulesetReloader reloader = reloader(live, false);
        reloader.start();
        List<WeakReference<KieBase>> replaced = new ArrayList<>();

        for (int i = 1; i <= 100; i++) {
            replaced.add(new WeakReference<>(live.get().kieBase()));
            Files.writeString(rules.resolve("r.drl"), RULE.formatted(i));
            assertThat(reloader.reload("test").outcome()).isEqualTo("LIVE");
        }
        for (int i = 0; i < 10 && replaced.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(50);
        }

        assertThat(replaced.stream().filter(r -> r.get() != null).count()).as("replaced KieBases still reachable")
                .isZero();
    }

    @Test
    void reloadingTheSameFilesIsUnchanged() throws Exception {
        Files.writeString(dir.resolve("r.drl"), RULE.formatted(1));
        LiveRuleset live = new LiveRuleset(dir);
        RulesetReloader reloader = reloader(live, true);
        String version = reloader.start().version();

        ReloadAttempt again = reloader.reload("test");

        assertThat(again.outcome()).isEqualTo("UNCHANGED");
        assertThat(live.get().version()).isEqualTo(version);
    }

    @Test
    void aMissingScenariosDirectoryPassesTheGate() throws Exception {
        Files.writeString(dir.resolve("r.drl"), RULE.formatted(1));
        LiveRuleset live = new LiveRuleset(dir);

        reloader(live, true).start();

        assertThat(live.get()).isNotNull();
    }

    @Test
    void aStartWithRulesThatDoNotCompileMakesNothingLive() throws Exception {
        Files.writeString(dir.resolve("r.drl"), "package t;\nrule \"ENT-01 x\"\nwhen\n  Foo( > )\nthen\nend\n");
        LiveRuleset live = new LiveRuleset(dir);

        assertThatThrownBy(() -> reloader(live, true).start()).isInstanceOf(RulesetCompilationException.class);
        assertThat(live.get()).isNull();
    }
}

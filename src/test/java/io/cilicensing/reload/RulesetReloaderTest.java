package io.cilicensing.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.Sha256;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.report.ReportJson;
import io.cilicensing.worker.InProcessJobs;
import io.cilicensing.worker.Jobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
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

    /** {@code r} with other compiled rules, as a damaged or altered transfer would bring them. */
    private static GateJob.Result withCompiled(GateJob.Result r, String base64, String sha256) {
        return new GateJob.Result(r.outcome(), r.version(), r.errors(), r.failingScenarios(), r.scenariosRun(),
                r.gateSkipped(), base64, sha256, r.compiledError(), r.compileMillis(), r.scenariosMillis());
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

    /** Runs jobs in this process and lets a test alter a gate job's result on its way back to the service. */
    private static final class AlteringJobs implements Jobs {
        private final InProcessJobs inner = new InProcessJobs();
        final List<JsonNode> inputs = new ArrayList<>();
        UnaryOperator<GateJob.Result> alter = UnaryOperator.identity();

        @Override
        public Outcome run(String type, JsonNode input, Consumer<String> progress) {
            inputs.add(input);
            Outcome outcome = inner.run(type, input, progress);
            if (outcome instanceof Done done && GateJob.TYPE.equals(type)) {
                try {
                    return new Done(ReportJson.mapper().valueToTree(alter.apply(GateJob.result(done.result()))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return outcome;
        }
    }

    private static final String NAMED = """
            package t;
            import io.cilicensing.facts.*;
            rule "ENT-01 %s" @id("ENT-01") @source("s")
            when License( quantity > 1 )
            then
            end
            """;

    private RulesetReloader reloader(LiveRuleset live, Jobs jobs) {
        DecisionService service = new DecisionService(new FactSetReader(10), new DecisionEngine(100),
                Clock.systemUTC());
        return new RulesetReloader(live, new RulesetCompiler(Clock.systemUTC()),
                new ScenarioGate(dir.resolve("no-scenarios"), service),
                new CandidateCheck(jobs, dir.resolve("no-scenarios"), 100, 10), true, Clock.systemUTC());
    }

    /** A reloader started on r.drl with rule "ENT-01 a", its jobs able to alter the gate's answer. */
    private record Started(LiveRuleset live, AlteringJobs jobs, RulesetReloader reloader, String version) {}

    private Started startedOnA() throws IOException {
        Files.writeString(dir.resolve("r.drl"), NAMED.formatted("a"));
        LiveRuleset live = new LiveRuleset(dir);
        AlteringJobs jobs = new AlteringJobs();
        RulesetReloader reloader = reloader(live, jobs);
        return new Started(live, jobs, reloader, reloader.start().version());
    }

    /** The export of {@code text}'s ruleset, labelled as the ruleset of {@code labelledAs} (as a forged worker could). */
    private static String exportLabelled(String text, SortedMap<String, String> labelledAs) {
        Ruleset other = new RulesetCompiler(Clock.systemUTC()).compile(new TreeMap<>(Map.of("r.drl", text)), "test");
        Ruleset labelled = new Ruleset(RulesetCompiler.version(labelledAs), other.loadedAt(), other.origin(),
                other.files(), other.rules(), other.kieBase());
        return Base64.getEncoder().encodeToString(RulesetCompiler.export(labelled));
    }

    private static String sha256OfBase64(String base64) {
        return Sha256.hex(Base64.getDecoder().decode(base64));
    }

    @Test
    void aReloadMakesTheCompiledRulesTheWorkerSentLiveWithoutCompilingAgain() throws Exception {
        Started s = startedOnA();
        Files.writeString(dir.resolve("r.drl"), NAMED.formatted("b"));
        SortedMap<String, String> b = RulesetCompiler.readDirectory(dir);
        // the worker's compiled rules, of other text but labelled as b: what goes live shows where it came from
        String forged = exportLabelled(NAMED.formatted("c"), b);
        s.jobs().alter = r -> withCompiled(r, forged, sha256OfBase64(forged));

        ReloadAttempt attempt = s.reloader().reload("test");

        assertThat(attempt.outcome()).isEqualTo("LIVE");
        assertThat(s.live().get().version()).isEqualTo(RulesetCompiler.version(b));
        assertThat(s.live().get().rules()).extracting(Ruleset.RuleInfo::name).containsExactly("ENT-01 c");
        assertThat(s.jobs().inputs.get(s.jobs().inputs.size() - 1).path("exportCompiled").asBoolean()).isTrue();
    }

    @Test
    void compiledRulesDamagedOnTheirWayAreRefusedAndNothingGoesLive() throws Exception {
        Started s = startedOnA();
        Files.writeString(dir.resolve("r.drl"), NAMED.formatted("b"));
        s.jobs().alter = r -> {
            byte[] bytes = r.compiledBytes();
            bytes[bytes.length / 2] ^= 1;
            return withCompiled(r, Base64.getEncoder().encodeToString(bytes), r.compiledSha256());
        };

        ReloadAttempt attempt = s.reloader().reload("test");

        assertThat(attempt.outcome()).isEqualTo("CANDIDATE_FAILED");
        assertThat(attempt.failure().kind()).isEqualTo("ERROR");
        assertThat(attempt.message()).contains("damaged").contains("SHA-256").contains("not live");
        assertThat(s.live().get().version()).isEqualTo(s.version());
        assertThat(s.reloader().lastReload()).isEqualTo(attempt);
        assertThat(s.reloader().liveFiles().get("r.drl")).contains("ENT-01 a");
    }

    @Test
    void compiledRulesThatAreNotBase64AreRefused() throws Exception {
        Started s = startedOnA();
        Files.writeString(dir.resolve("r.drl"), NAMED.formatted("b"));
        s.jobs().alter = r -> withCompiled(r, "%%%", r.compiledSha256());

        ReloadAttempt attempt = s.reloader().reload("test");

        assertThat(attempt.outcome()).isEqualTo("CANDIDATE_FAILED");
        assertThat(s.live().get().version()).isEqualTo(s.version());
    }

    @Test
    void intactCompiledRulesThatCannotBeLoadedHereAreCompiledHereInstead() throws Exception {
        Started s = startedOnA();
        Files.writeString(dir.resolve("r.drl"), NAMED.formatted("b"));
        // compiled rules of other files, sent intact: the files passed the gate, so they are compiled here
        String ofOtherFiles = exportLabelled(NAMED.formatted("c"), new TreeMap<>(Map.of("r.drl", "other")));
        s.jobs().alter = r -> withCompiled(r, ofOtherFiles, sha256OfBase64(ofOtherFiles));

        ReloadAttempt attempt = s.reloader().reload("test");

        assertThat(attempt.outcome()).isEqualTo("LIVE");
        assertThat(s.live().get().rules()).extracting(Ruleset.RuleInfo::name).containsExactly("ENT-01 b");
    }

    @Test
    void withoutCompiledRulesFromTheWorkerTheCandidateIsCompiledHere() throws Exception {
        Started s = startedOnA();
        Files.writeString(dir.resolve("r.drl"), NAMED.formatted("b"));
        s.jobs().alter = r -> withCompiled(r, null, null);

        ReloadAttempt attempt = s.reloader().reload("test");

        assertThat(attempt.outcome()).isEqualTo("LIVE");
        assertThat(s.live().get().rules()).extracting(Ruleset.RuleInfo::name).containsExactly("ENT-01 b");
    }

    @Test
    void aValidationDoesNotAskForTheCompiledRules() throws Exception {
        Started s = startedOnA();

        ReloadAttempt attempt = s.reloader().validate(new TreeMap<>(Map.of("r.drl", NAMED.formatted("v"))), true);

        assertThat(attempt.outcome()).isEqualTo("VALID");
        assertThat(s.jobs().inputs).singleElement()
                .satisfies(input -> assertThat(input.path("exportCompiled").asBoolean(true)).isFalse());
    }
}

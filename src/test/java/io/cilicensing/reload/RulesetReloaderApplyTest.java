package io.cilicensing.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.ReportJson;
import io.cilicensing.worker.InProcessJobs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Apply and rollback in the reloader itself: what is written into the rules directory, and what the history keeps. */
class RulesetReloaderApplyTest {
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

    private RulesetReloader reloader(LiveRuleset live, RulesetHistory history) {
        DecisionService service = new DecisionService(new FactSetReader(10), new DecisionEngine(100), Clock.systemUTC());
        RulesetReloader reloader = new RulesetReloader(live, new RulesetCompiler(Clock.systemUTC()),
                new ScenarioGate(dir.resolve("no-scenarios"), service),
                new CandidateCheck(new InProcessJobs(), dir.resolve("no-scenarios"), 100, 10), false, Clock.systemUTC());
        reloader.onLive(history);
        reloader.onImpact(history);
        return reloader;
    }

    private Path rules() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.writeString(rules.resolve("r.drl"), RULE.formatted(0));
        Files.writeString(rules.resolve("old.drl"), "package t;\n");
        return rules;
    }

    private static SortedMap<String, String> files(String... nameAndText) {
        SortedMap<String, String> files = new TreeMap<>();
        for (int i = 0; i < nameAndText.length; i += 2) {
            files.put(nameAndText[i], nameAndText[i + 1]);
        }
        return files;
    }

    @Test
    void anApplyLeavesExactlyTheCandidateInTheDirectoryWithNoTemporaryFileBehind() throws Exception {
        Path rules = rules();
        LiveRuleset live = new LiveRuleset(rules);
        RulesetReloader reloader = reloader(live, new RulesetHistory(dir.resolve("history"), ReportJson.mapper()));
        String base = reloader.start().version();
        SortedMap<String, String> candidate = files("r.drl", RULE.formatted(1), "family/new.drl", "package t;\n");

        ReloadAttempt a = reloader.apply(candidate, new Change(Change.APPLY, "alice", "why"), base);

        assertThat(a.outcome()).isEqualTo("LIVE");
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(candidate);
        try (Stream<Path> all = Files.walk(rules)) {
            assertThat(all.filter(Files::isRegularFile).map(p -> rules.relativize(p).toString()).toList())
                    .containsExactlyInAnyOrder("r.drl", "family/new.drl");
        }
        assertThat(live.get().version()).isEqualTo(RulesetCompiler.version(candidate));
    }

    @Test
    void anApplyIsRefusedWhileTheDirectoryHoldsFilesThatAreNotLiveAndWritesNothing() throws Exception {
        Path rules = rules();
        LiveRuleset live = new LiveRuleset(rules);
        RulesetReloader reloader = reloader(live, new RulesetHistory(dir.resolve("history"), ReportJson.mapper()));
        String base = reloader.start().version();
        // another instance's apply on a shared directory, not reloaded here yet
        Files.writeString(rules.resolve("r.drl"), RULE.formatted(7));
        SortedMap<String, String> onDisk = RulesetCompiler.readDirectory(rules);

        assertThatThrownBy(() -> reloader.apply(files("r.drl", RULE.formatted(1)), new Change(Change.APPLY, "bob", "why"), base))
                .isInstanceOf(StaleBaseVersionException.class).hasMessageContaining("rules directory holds version");
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(onDisk);
        assertThat(live.get().version()).isEqualTo(base);
        // a rollback (no baseVersion) to the live version is the way back: the directory holds the live files again
        SortedMap<String, String> liveFiles = files("r.drl", RULE.formatted(0), "old.drl", "package t;\n");
        assertThat(reloader.apply(liveFiles, new Change(Change.ROLLBACK, "bob", "back"), null).outcome())
                .isEqualTo("UNCHANGED");
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(liveFiles);
    }

    @Test
    void aCandidateThatDoesNotCompileChangesNothingOnDiskAndIsNotInTheHistory() throws Exception {
        Path rules = rules();
        LiveRuleset live = new LiveRuleset(rules);
        RulesetHistory history = new RulesetHistory(dir.resolve("history"), ReportJson.mapper());
        RulesetReloader reloader = reloader(live, history);
        String base = reloader.start().version();
        SortedMap<String, String> before = RulesetCompiler.readDirectory(rules);

        ReloadAttempt a = reloader.apply(files("r.drl", "package t;\nrule \"ENT-01 x\"\nwhen\n  Foo( > )\nthen\nend\n"),
                new Change(Change.APPLY, "alice", "broken"), base);

        assertThat(a.outcome()).isEqualTo("COMPILE_FAILED");
        assertThat(a.errors().get(0).file()).isEqualTo("r.drl");
        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(before);
        assertThat(history.entries()).hasSize(1);
    }

    @Test
    void theHistoryIsKeptOnDiskAndARestartWithTheSameRulesAddsNoEntry() throws Exception {
        Path rules = rules();
        Path historyDir = dir.resolve("history");
        RulesetReloader first = reloader(new LiveRuleset(rules), new RulesetHistory(historyDir, ReportJson.mapper()));
        String base = first.start().version();
        SortedMap<String, String> candidate = files("r.drl", RULE.formatted(2));
        first.apply(candidate, new Change(Change.APPLY, "alice", "two"), base);

        RulesetHistory reread = new RulesetHistory(historyDir, ReportJson.mapper());
        reloader(new LiveRuleset(rules), reread).start();

        List<RulesetHistory.Entry> entries = reread.entries();
        assertThat(entries).extracting(RulesetHistory.Entry::trigger).containsExactly("apply", "start");
        assertThat(entries.get(0).who()).isEqualTo("alice");
        assertThat(entries.get(0).message()).isEqualTo("two");
        assertThat(entries.get(0).filesChanged().removed()).containsExactly("old.drl");
        assertThat(entries.get(0).filesChanged().changed()).containsExactly("r.drl");
        assertThat(reread.files(base).orElseThrow().files()).isEqualTo(files("old.drl", "package t;\n", "r.drl", RULE.formatted(0)));
        assertThat(reread.files(entries.get(0).version()).orElseThrow().files()).isEqualTo(candidate);
    }

    @Test
    void aDirectoryThatCannotBeWrittenLeavesTheFilesTheLiveRulesetAndTheHistoryAsTheyWere() throws Exception {
        Path rules = rules();
        LiveRuleset live = new LiveRuleset(rules);
        RulesetHistory history = new RulesetHistory(dir.resolve("history"), ReportJson.mapper());
        RulesetReloader reloader = reloader(live, history);
        String base = reloader.start().version();
        SortedMap<String, String> before = RulesetCompiler.readDirectory(rules);
        // z.drl cannot be renamed into place (a directory that is not empty has its name), and sorts
        // after r.drl, which is renamed first: the previous r.drl must come back
        Files.writeString(Files.createDirectories(rules.resolve("z.drl")).resolve("keep.txt"), "x");

        assertThatThrownBy(() -> reloader.apply(files("r.drl", RULE.formatted(5), "z.drl", "package t;\n"),
                new Change(Change.APPLY, "alice", "why"), base))
                .isInstanceOf(RulesDirectoryWriter.RulesDirectoryWriteException.class)
                .hasMessageContaining("the live ruleset is unchanged");

        assertThat(RulesetCompiler.readDirectory(rules)).isEqualTo(before);
        assertThat(live.get().version()).isEqualTo(base);
        assertThat(history.entries()).hasSize(1);
        try (Stream<Path> all = Files.list(rules)) {
            assertThat(all.map(p -> p.getFileName().toString()).toList()).noneMatch(n -> n.endsWith(RulesDirectoryWriter.TEMP_SUFFIX));
        }
    }

    @Test
    void aFileChangeAndAnAdminReloadAreKeptWithWhoMadeThem() throws Exception {
        Path rules = rules();
        RulesetHistory history = new RulesetHistory(dir.resolve("history"), ReportJson.mapper());
        RulesetReloader reloader = reloader(new LiveRuleset(rules), history);
        reloader.start();

        Files.writeString(rules.resolve("r.drl"), RULE.formatted(3));
        reloader.reload(Change.FILE_CHANGE);
        Files.writeString(rules.resolve("r.drl"), RULE.formatted(4));
        reloader.reload(Change.ADMIN_REQUEST, "bob");

        assertThat(history.entries()).extracting(RulesetHistory.Entry::trigger)
                .containsExactly("admin request", "file change", "start");
        assertThat(history.entries()).extracting(RulesetHistory.Entry::who)
                .containsExactly("bob", "file change", "service start");
    }

    @Test
    void keptFilesThatDoNotHashToTheirVersionAreNotServed() throws Exception {
        Path rules = rules();
        Path historyDir = dir.resolve("history");
        RulesetHistory history = new RulesetHistory(historyDir, ReportJson.mapper());
        String base = reloader(new LiveRuleset(rules), history).start().version();
        Path kept = historyDir.resolve("versions").resolve(base + ".json");
        Files.writeString(kept, Files.readString(kept).replace("quantity > 0", "quantity > 9"));

        assertThat(history.files(base)).isEmpty();
        assertThat(history.files("../../etc/passwd")).isEmpty();
    }
}

package io.cilicensing.impact;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.Sha256;
import io.cilicensing.decisionlog.DecisionLog;
import io.cilicensing.decisionlog.DecisionLogEntry;
import io.cilicensing.decisionlog.FactsPolicy;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.report.DecisionReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying the decision log: the window, rotated files, and bodies that had no asOf. */
class ImpactFromLogTest {
    private static final Replayer REPLAYER = new Replayer(100_000, 10_000);
    private static final ImpactAnalyzer ANALYZER = new ImpactAnalyzer(REPLAYER, Clock.systemUTC());
    private static final ImpactAnalyzer.Options ONE =
            new ImpactAnalyzer.Options(1, null, ImpactAnalyzer.Progress.NONE, Thread::new);
    private static final Instant DECIDED_AT = Instant.parse("2024-07-01T09:00:00Z");

    @TempDir
    Path dir;

    /** Logs each kind's fact set without its asOf, decided (as the service would) at DECIDED_AT. */
    private Path logWithoutAsOf(Ruleset rules, long maxBytes, String... kinds) {
        Path file = dir.resolve("logs/decisions.jsonl");
        DecisionLog log = DecisionLog.toFile(file, maxBytes, 10, 1000, new FactsPolicy(true, 4096, 1 << 20),
                new SimpleMeterRegistry());
        int i = 0;
        for (String kind : kinds) {
            byte[] body = RealRules.factSet(kind, i++).replaceFirst("\"asOf\": \"[^\"]+\",", "")
                    .getBytes(StandardCharsets.UTF_8);
            assertThat(new String(body, StandardCharsets.UTF_8)).doesNotContain("asOf");
            DecisionReport report = REPLAYER.decide(body, DECIDED_AT, rules);
            log.append(DecisionLogEntry.of(report, DECIDED_AT.plusSeconds(i), Sha256.hex(body), 1000, null, null),
                    body);
        }
        log.close();
        return file;
    }

    @Test
    void aLoggedBodyWithoutAsOfIsReplayedAtTheInstantItWasDecidedFor() throws Exception {
        Ruleset baseline = io.cilicensing.CompiledRules.of(RealRules.RULES);
        Ruleset geoLater = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir.resolve("rules"),
                "licensesVisibleInAllGeosFrom", "LocalDate.of(2024, 8, 1)"));
        Path log = logWithoutAsOf(baseline, 1 << 30, "A", "B", "C", "E", "B");

        ImpactReport fromLog = ANALYZER.analyze(baseline, "rules", geoLater, ImpactSources.log(List.of(log), null, null),
                ONE);

        assertThat(fromLog.replayed()).isEqualTo(5);
        assertThat(fromLog.changed()).isEqualTo(3); // B, C, B: decided for 2024-07-01, between the two dates
        assertThat(fromLog.source().kind()).isEqualTo("log");

        // the same bodies as files have no instant of their own: decided now, after both dates, nothing changes
        Path facts = Files.createDirectories(dir.resolve("facts"));
        for (String kind : List.of("B", "C")) {
            Files.writeString(facts.resolve(kind + ".json"),
                    RealRules.factSet(kind, 0).replaceFirst("\"asOf\": \"[^\"]+\",", ""));
        }
        ImpactReport fromFiles = ANALYZER.analyze(baseline, "rules", geoLater, ImpactSources.facts(facts), ONE);
        assertThat(fromFiles.replayed()).isEqualTo(2);
        assertThat(fromFiles.changed()).isZero();
    }

    @Test
    void theLastNAndTheTimeWindowSelectAcrossRotatedFiles() {
        Ruleset baseline = io.cilicensing.CompiledRules.of(RealRules.RULES);
        Path log = logWithoutAsOf(baseline, 3_000, "A", "B", "C", "D", "E", "A", "B", "C");
        assertThat(Files.exists(log.resolveSibling("decisions.jsonl.1"))).isTrue();

        List<java.nio.file.Path> rotated = io.cilicensing.decisionlog.DecisionLogReader.withRotated(log);
        assertThat(io.cilicensing.decisionlog.DecisionLogReader.read(rotated, null, 1, d -> true).files())
                .as("the newest file covers the last decision: older files are not read").containsExactly(log);
        ImpactInput last3 = ImpactSources.log(List.of(log), null, 3);
        assertThat(last3.cases()).extracting(ReplayCase::tenantId).containsExactly("A-5", "B-6", "C-7");
        assertThat(last3.source().description()).contains("rotated").contains("last 3");
        ImpactInput since = ImpactSources.log(List.of(log), DECIDED_AT.plusSeconds(7), null);
        assertThat(since.cases()).extracting(ReplayCase::tenantId).containsExactly("B-6", "C-7");
        ImpactInput all = ImpactSources.log(List.of(log), null, null);
        assertThat(all.cases()).hasSize(8).allSatisfy(c -> assertThat(c.problem()).isNull());

        ImpactReport same = ANALYZER.analyze(baseline, "rules", baseline, all, ONE);
        assertThat(same.replayed()).isEqualTo(8);
        assertThat(same.changed()).isZero();
        assertThat(same.outcome()).isEqualTo("NO_CHANGE");
    }
}

package io.cilicensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.Sha256;
import io.cilicensing.decisionlog.DecisionLog;
import io.cilicensing.decisionlog.DecisionLogEntry;
import io.cilicensing.decisionlog.FactsPolicy;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.impact.RealRules;
import io.cilicensing.impact.Replayer;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import io.cilicensing.scenarios.ScenarioResult;
import io.cilicensing.scenarios.ScenarioRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code capture}: a logged decision becomes a scenario file the suite runs like any other. */
class CaptureCommandTest {
    private static final Instant DECIDED_AT = Instant.parse("2024-07-01T09:00:00Z");

    @TempDir
    Path dir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    /** Logs bench/typical.json, and a kind-B fact set without its asOf, as the service would; their ids. */
    private List<String> logTwoDecisions(Path file, Ruleset rules) throws Exception {
        DecisionLog log = DecisionLog.toFile(file, 1 << 30, 2, 100, new FactsPolicy(true, 4096, 1 << 20),
                new SimpleMeterRegistry());
        byte[] typical = Files.readAllBytes(Path.of("bench/typical.json"));
        byte[] noAsOf = RealRules.factSet("B", 3).replaceFirst("\"asOf\": \"[^\"]+\",", "")
                .getBytes(StandardCharsets.UTF_8);
        Replayer replayer = new Replayer(100_000, 10_000);
        DecisionReport first = replayer.decide(typical, DECIDED_AT, rules);
        DecisionReport second = replayer.decide(noAsOf, DECIDED_AT, rules);
        log.append(DecisionLogEntry.of(first, DECIDED_AT, Sha256.hex(typical), 1, null, null), typical);
        log.append(DecisionLogEntry.of(second, DECIDED_AT, Sha256.hex(noAsOf), 1, null, null), noAsOf);
        log.close();
        return List.of(first.decisionId(), second.decisionId());
    }

    private static List<ScenarioResult> suite(Path scenarios, Ruleset rules) {
        List<Scenario> loaded = new ScenarioLoader().loadAll(scenarios);
        return new ScenarioRunner(new DecisionService(new FactSetReader(100_000), new DecisionEngine(10_000),
                Clock.systemUTC())).runAll(loaded, rules);
    }

    @Test
    void aCapturedDecisionPassesTheScenarioSuiteAndFailsWhenItsAnswerChanges() throws Exception {
        Ruleset rules = io.cilicensing.CompiledRules.of(RealRules.RULES);
        Path log = dir.resolve("decisions.jsonl");
        List<String> ids = logTwoDecisions(log, rules);
        Path scenarios = dir.resolve("scenarios");

        assertThat(run("capture", ids.get(0), "--log", log.toString(), "--out", scenarios.toString()))
                .as(err.toString(StandardCharsets.UTF_8)).isZero();
        // a prefix that names one decision: the millisecond alone (13 characters) can be shared by both,
        // decided within the same millisecond; with the random bits after it, it is not
        assertThat(run("capture", ids.get(1).substring(0, 23), "--log", log.toString(), "--out",
                scenarios.toString())).as(err.toString(StandardCharsets.UTF_8)).isZero();

        List<String> names;
        try (var files = Files.list(scenarios)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(names).hasSize(2).allSatisfy(n -> assertThat(n).endsWith(".yaml"));
        // named after what they show: verdict, the first finding codes, the tenant
        assertThat(names).containsExactly("compliant-no-findings-b-3.yaml",
                "compliant-use-import-export-for-selective-data-capacity-reduction-not-on-anniversary-bench-typical.yaml");
        String typical = Files.readString(scenarios.resolve(names.stream().filter(n -> n.contains("bench-typical"))
                .findFirst().orElseThrow()));
        assertThat(typical).contains("captured from decision " + ids.get(0)).contains("exactly: true")
                .contains("ruleId:").contains("R1:").contains("interactedPeople:");
        String noAsOf = Files.readString(scenarios.resolve(names.stream().filter(n -> n.endsWith("-b-3.yaml"))
                .findFirst().orElseThrow()));
        assertThat(noAsOf).contains("asOf: \"2024-07-01T09:00:00Z\"");

        List<ScenarioResult> today = suite(scenarios, rules);
        assertThat(today).hasSize(2).allSatisfy(r -> assertThat(r.passed()).as(r.describe()).isTrue());

        Ruleset quota = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir.resolve("quota"), "baseInteractedPeople",
                "12000L"));
        assertThat(suite(scenarios, quota)).allSatisfy(r -> assertThat(r.passed()).isFalse());
    }

    @Test
    void aBeginningOfSeveralDecisionIdsExitsTwoListingAFewOfThem() throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        Ruleset rules = io.cilicensing.CompiledRules.of(RealRules.RULES);
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.addAll(logTwoDecisions(dir.resolve("decisions-" + i + ".jsonl"), rules));
        }
        // the eight decisions in one log, as the service would have written them
        for (int i = 0; i < 4; i++) {
            Files.write(log, Files.readAllBytes(dir.resolve("decisions-" + i + ".jsonl")),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
        String common = ids.get(0).substring(0, 4); // time-ordered: the first digits are the same for a while
        assertThat(ids).allMatch(id -> id.startsWith(common));

        assertThat(run("capture", common, "--log", log.toString(), "--out", dir.toString())).isEqualTo(2);
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(message).contains(common + " is the beginning of 8 decision ids: ", " and 3 more; give more of the id");
        assertThat(ids.stream().filter(message::contains)).hasSize(5);
        try (var written = Files.list(dir)) {
            assertThat(written.filter(f -> f.toString().endsWith(".yaml"))).as("no scenario written").isEmpty();
        }
    }

    @Test
    void anUnknownDecisionIdExitsOne() throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        logTwoDecisions(log, io.cilicensing.CompiledRules.of(RealRules.RULES));

        assertThat(run("capture", "no-such-id", "--log", log.toString(), "--out", dir.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no decision no-such-id");
    }
}

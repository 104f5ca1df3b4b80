package io.cilicensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.impact.RealRules;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code impact} on the command line, with the project's rules and a copy changed as an analyst would. */
class ImpactCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path facts;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void factSets() throws Exception {
        facts = Files.createDirectories(dir.resolve("facts"));
        for (String kind : List.of("A", "B", "C", "D", "E")) {
            for (int i = 0; i < 2; i++) {
                Files.writeString(facts.resolve(kind + "-" + i + ".json"), RealRules.factSet(kind, i));
            }
        }
    }

    private int run(String... args) {
        return Cli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsATableOfWhatTheQuotaChangeDoesAndExitsZero() {
        Path candidate = RealRules.withFunction(dir.resolve("candidate"), "baseInteractedPeople", "12000L");

        int code = run("impact", "--candidate", candidate.toString(), "--baseline", "rules", "--facts",
                facts.toString());

        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("replayed 10 decisions").contains("6 changed, 4 unchanged")
                .containsPattern("entitlement +entitlements\\.interactedPeople increased +6 +ENT-01");
    }

    @Test
    void jsonIsTheReportAndFailOnChangeExitsOne() throws Exception {
        Path candidate = RealRules.withFunction(dir.resolve("candidate"), "licensesVisibleInAllGeosFrom",
                "LocalDate.of(2024, 8, 1)");

        int code = run("impact", "--candidate", candidate.toString(), "--baseline", "rules", "--facts",
                facts.toString(), "--json", "--fail-on-change");

        assertThat(code).isEqualTo(1);
        JsonNode report = JSON.readTree(out());
        assertThat(report.path("outcome").asText()).isEqualTo("CHANGED");
        assertThat(report.path("changed").asInt()).isEqualTo(4); // B and C, two of each
        assertThat(report.path("source").path("kind").asText()).isEqualTo("facts");
        assertThat(report.path("ruleFirings").get(0).path("id").asText()).isEqualTo("GEO-05");
    }

    @Test
    void noChangeExitsZeroEvenWithFailOnChange() {
        Path copy = RealRules.copy(dir.resolve("same"));

        int code = run("impact", "--candidate", copy.toString(), "--baseline", "rules", "--scenarios",
                "test-scenarios", "--fail-on-change");

        assertThat(code).as(err()).isZero();
        assertThat(out()).contains("0 changed").contains("no decision changes");
    }

    @Test
    void aCandidateThatDoesNotCompileExitsThreeWithFileAndLine() throws Exception {
        Path copy = RealRules.copy(dir.resolve("broken"));
        Files.writeString(copy.resolve("policy.drl"), Files.readString(copy.resolve("policy.drl"))
                + "\nfunction long broken() { return nosuch; }\n");
        long lines = Files.readAllLines(copy.resolve("policy.drl")).size();

        int code = run("impact", "--candidate", copy.toString(), "--baseline", "rules", "--facts", facts.toString());

        assertThat(code).isEqualTo(3);
        assertThat(out()).contains("does not compile").containsPattern("policy\\.drl:\\d+: ");
        assertThat(out()).contains("policy.drl:" + lines + ":");
    }

    @Test
    void badUsageExitsTwo() {
        assertThat(run("impact", "--baseline", "rules")).isEqualTo(2);
        assertThat(err()).contains("--candidate");
        assertThat(run("impact", "--candidate", "rules", "--facts", facts.toString(), "--scenarios", "x"))
                .isEqualTo(2);
        assertThat(run("impact", "--candidate", "rules", "--last", "zero")).isEqualTo(2);
        assertThat(run("impact", "--candidate", "rules", "--log", dir.resolve("nothing.jsonl").toString()))
                .isEqualTo(2);
        assertThat(err()).contains("no decision log at");
    }

    @Test
    void sinceTakesAnInstantADateOrATimeBack() {
        java.time.Instant now = java.time.Instant.parse("2026-11-29T12:00:00Z");
        assertThat(ImpactCommand.since("2026-11-28T08:00:00Z", now)).hasToString("2026-11-28T08:00:00Z");
        assertThat(ImpactCommand.since("2026-11-28", now)).hasToString("2026-11-28T00:00:00Z");
        assertThat(ImpactCommand.since("24h", now)).hasToString("2026-11-28T12:00:00Z");
        assertThat(ImpactCommand.since("7d", now)).hasToString("2026-11-22T12:00:00Z");
    }

    @Test
    void theProgressLineSaysCountRateAndTimeLeft() {
        assertThat(ImpactCommand.ProgressLine.text(20_000, 100_000, 4.0))
                .isEqualTo("replaying 20,000 / 100,000 decisions  5,000/s  16 s left");
    }

    @Test
    void helpAndAnUnknownVerbListTheVerbsAndTheServerOptionsWithoutStartingTheServer() {
        assertThat(Cli.handles(new String[] {"help"})).isTrue();
        assertThat(Cli.handles(new String[] {"--help"})).isTrue();
        assertThat(Cli.handles(new String[] {"frobnicate"})).isTrue();
        assertThat(Cli.handles(new String[] {"--server.port=0"})).isFalse();
        assertThat(Cli.handles(new String[] {})).isFalse();

        assertThat(run("--help")).isZero();
        assertThat(out()).contains("impact --candidate DIR").contains("capture DECISION_ID")
                .contains("--server.port=8080").contains("--rules.dir=./rules");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown verb 'frobnicate'").contains("validate [rules-dir]");
    }
}

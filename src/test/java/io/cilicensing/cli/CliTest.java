package io.cilicensing.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    private static final String RULE = """
            package t;
            import io.cilicensing.facts.*;
            import io.cilicensing.report.*;
            rule "ENT-01 base grants" @id("ENT-01") @source("LICENSE > Entitlement details")
                salience 700 // layer: grants
            when
                License( sku == Sku.CI_BASE )
                $e : Entitlements()
            then
                modify($e) { addUp(java.util.List.of(Grant.of(kcontext, "tenant", Entitlement.INTERACTED_PEOPLE, 10000))) }
            end
            rule "ENT-21 sms" @id("ENT-21") @source("LICENSE > Purchase guidance")
            when Tenant( smsEnabled, smsProvider == null )
            then insert(Finding.of(kcontext, "SMS_PROVIDER_REQUIRED", Severity.ACTION, "tenant", "x"));
            end
            """;
    private static final String SCENARIO = """
            name: base grants
            covers: [ENT-01]
            request:
              asOf: 2024-07-01
              tenant: { id: t, homeGeo: US }
              licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2024-01-01 } ]
            expect:
              entitlements: { interactedPeople: %d }
            """;

    @TempDir
    Path dir;
    private Path rules;
    private Path scenarios;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void files() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        scenarios = Files.createDirectories(dir.resolve("scenarios"));
        Files.writeString(rules.resolve("r.drl"), RULE);
        Files.writeString(scenarios.resolve("base.yaml"), SCENARIO.formatted(10_000));
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
    void validatePrintsTheVersionForGoodRules() {
        assertThat(run("validate", rules.toString())).isZero();
        assertThat(out()).startsWith("ok: 2 rules in 1 files, version ");
    }

    @Test
    void validateExitsOneWithFileAndLineForEveryError() throws Exception {
        Files.writeString(rules.resolve("bad.drl"), "package t;\nrule \"ENT-02 x\"\nwhen\n  Foo( > )\nthen\nend\n");

        assertThat(run("validate", rules.toString())).isEqualTo(1);
        assertThat(err()).contains("bad.drl:4: ").contains("1 error");
    }

    @Test
    void validateRefusesAnAnnotationThatWouldRunCodeWithoutRunningIt() throws Exception {
        Path marker = dir.resolve("ran");
        Files.writeString(rules.resolve("evil.drl"), "package t;\nimport io.cilicensing.facts.*;\n\n"
                + "rule \"ENT-02 x\" @id(\"ENT-02\") @source(\"s\")\n"
                + "    @note(java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + marker.toString().replace("\\", "/")
                + "\")))\nwhen\n  License()\nthen\nend\n");

        assertThat(run("validate", rules.toString())).isEqualTo(1);
        assertThat(err()).contains("evil.drl:5: @note(...) is not a literal").contains("1 error");
        assertThat(marker).doesNotExist();
    }

    @Test
    void scenariosPassAndPrintTheCoverageTable() {
        assertThat(run("scenarios", scenarios.toString(), "--rules", rules.toString())).isZero();
        assertThat(out()).contains("ENT-01                       1").contains("fired by no scenario: ENT-21")
                .contains("in no scenario's covers: ENT-21").contains("scenarios: 1 passed, 0 failed");
    }

    @Test
    void aFailingScenarioIsPrintedWithItsDifferenceAndExitsOne() throws Exception {
        Files.writeString(scenarios.resolve("base.yaml"), SCENARIO.formatted(5_000));

        assertThat(run("scenarios", scenarios.toString(), "--rules", rules.toString())).isEqualTo(1);
        assertThat(out()).contains("FAIL base.yaml (base grants)")
                .contains("entitlements.interactedPeople: expected 5000, got 10000")
                .contains("scenarios: 0 passed, 1 failed");
    }

    @Test
    void aScenarioFileThatIsNotYamlFailsWithoutStoppingTheRun() throws Exception {
        Files.writeString(scenarios.resolve("broken.yaml"), "name: [unclosed\n");

        assertThat(run("scenarios", scenarios.toString(), "--rules", rules.toString())).isEqualTo(1);
        assertThat(out()).contains("FAIL broken.yaml").contains("not readable YAML")
                .contains("scenarios: 1 passed, 1 failed");
    }

    @Test
    void scenariosWriteAJUnitXmlReport() throws Exception {
        Files.writeString(scenarios.resolve("other.yaml"), SCENARIO.formatted(1));
        Path xml = dir.resolve("out/report.xml");

        run("scenarios", scenarios.toString(), "--rules", rules.toString(), "--junit-xml", xml.toString());

        String report = Files.readString(xml);
        assertThat(report).contains("tests=\"2\"").contains("failures=\"1\"")
                .contains("<testcase classname=\"scenarios\" name=\"base.yaml\"></testcase>")
                .contains("expected 1, got 10000");
    }

    @Test
    void decidePrintsTheReport() throws Exception {
        Path facts = dir.resolve("facts.json");
        Files.writeString(facts, "{ \"asOf\": \"2024-07-01\", \"tenant\": { \"id\": \"t\", \"homeGeo\": \"US\", "
                + "\"smsEnabled\": true }, \"licenses\": [ { \"id\": \"L1\", \"sku\": \"CI_BASE\", \"purchasedOn\": \"2024-01-01\" } ] }");

        assertThat(run("decide", facts.toString(), "--rules", rules.toString())).isZero();
        assertThat(out()).contains("\"verdict\" : \"ACTION_REQUIRED\"").contains("\"interactedPeople\" : 10000")
                .contains("SMS_PROVIDER_REQUIRED");
    }

    @Test
    void decideRejectsBadFactsWithTheirPaths() throws Exception {
        Path facts = dir.resolve("facts.json");
        Files.writeString(facts, "{ \"tenant\": { \"homeGeo\": \"US\" } }");

        assertThat(run("decide", facts.toString(), "--rules", rules.toString())).isEqualTo(1);
        assertThat(err()).contains("INVALID_FACTS").contains("tenant.id: required");
    }

    @Test
    void everyVerbHasHelp() {
        for (String verb : new String[] {"validate", "scenarios", "decide"}) {
            out.reset();
            assertThat(run(verb, "--help")).isZero();
            assertThat(out()).startsWith(verb);
        }
    }

    @Test
    void decideWithoutAFileIsAUsageError() {
        assertThat(run("decide")).isEqualTo(2);
        assertThat(err()).contains("decide needs a facts file");
    }
}

package io.cilicensing.web;

import static io.cilicensing.TestRules.grantRule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * GET /v1/scenarios and POST /v1/scenarios/run over HTTP, with a private rules directory (one
 * ENT-01 grant) and scenarios: one that passes, one that fails, one that is not a scenario.
 * The gate is off so the failing scenario does not stop the start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.gate=false", "rules.watch=false", "decisions.log.enabled=false"})
class ScenariosEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String PASSES = """
            name: a base license grants 10000 people
            covers: [ENT-01]
            request:
              asOf: 2024-07-01
              tenant: { id: t, homeGeo: US }
              licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2024-01-01 } ]
            expect:
              entitlements: { interactedPeople: 10000 }
            """;
    private static final String FAILS = """
            name: expects more than the rule grants
            covers: [ENT-01, NOPE-99]
            request:
              asOf: 2024-07-01
              tenant: { id: t, homeGeo: US }
              licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2024-01-01 } ]
            expect:
              entitlements: { interactedPeople: 20000 }
            """;

    @DynamicPropertySource
    static void privateRulesAndScenarios(DynamicPropertyRegistry registry) {
        try {
            Path root = Files.createTempDirectory("scenarios-endpoint");
            Path rules = Files.createDirectories(root.resolve("rules"));
            Path scenarios = Files.createDirectories(root.resolve("scenarios/ent"));
            Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
            Files.writeString(scenarios.resolve("a-passes.yaml"), PASSES);
            Files.writeString(scenarios.resolve("b-fails.yaml"), FAILS);
            Files.writeString(scenarios.resolve("c-not-a-scenario.yaml"), "just: text\n");
            registry.add("rules.dir", rules::toString);
            registry.add("rules.scenarios-dir", () -> root.resolve("scenarios").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Test
    void listsEveryScenarioWithItsRequestAndTheProblemOfAFileThatIsNoScenario() throws Exception {
        HttpResponse<String> r = Http.get(port, "/v1/scenarios");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode list = JSON.readTree(r.body()).get("scenarios");
        assertThat(list).hasSize(3);
        JsonNode first = list.get(0);
        assertThat(first.get("file").asText()).isEqualTo("ent/a-passes.yaml");
        assertThat(first.get("name").asText()).isEqualTo("a base license grants 10000 people");
        assertThat(first.get("covers").toString()).isEqualTo("[\"ENT-01\"]");
        assertThat(first.at("/request/licenses/0/sku").asText()).isEqualTo("CI_BASE");
        assertThat(first.has("problem")).isFalse();
        assertThat(list.get(2).get("file").asText()).isEqualTo("ent/c-not-a-scenario.yaml");
        assertThat(list.get(2).get("problem").asText()).contains("unknown key 'just'");
    }

    @Test
    void runsTheSuiteAgainstTheLiveRulesetWithEachFailuresDifferencesAndTheCoverage() throws Exception {
        String version = JSON.readTree(Http.get(port, "/v1/ruleset").body()).get("version").asText();

        HttpResponse<String> r = Http.post(port, "/v1/scenarios/run", new byte[0]);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode run = JSON.readTree(r.body());
        assertThat(run.get("rulesetVersion").asText()).isEqualTo(version);
        assertThat(run.get("run").asInt()).isEqualTo(3);
        assertThat(run.get("passed").asInt()).isEqualTo(1);
        assertThat(run.get("failed").asInt()).isEqualTo(2);
        JsonNode results = run.get("results");
        assertThat(results.get(0).get("passed").asBoolean()).isTrue();
        assertThat(results.get(0).get("differences")).isEmpty();
        assertThat(results.get(0).get("firedRules").toString()).isEqualTo("[\"ENT-01\"]");
        JsonNode diff = results.get(1).get("differences").get(0);
        assertThat(results.get(1).get("passed").asBoolean()).isFalse();
        assertThat(diff.get("path").asText()).isEqualTo("entitlements.interactedPeople");
        assertThat(diff.get("expected").asText()).isEqualTo("20000");
        assertThat(diff.get("actual").asText()).isEqualTo("10000");
        assertThat(results.get(2).get("differences").get(0).get("path").asText()).isEqualTo("file");
        assertThat(run.at("/coverage/neverFired")).isEmpty();
        assertThat(run.at("/coverage/unknownCovers").toString()).contains("NOPE-99 (ent/b-fails.yaml)");
    }

    @Test
    void theListAndTheRunAreOpenWithoutAnyToken() throws Exception {
        assertThat(Http.get(port, "/v1/scenarios").statusCode()).isEqualTo(200);
        assertThat(Http.post(port, "/v1/scenarios/run", new byte[0]).statusCode()).isEqualTo(200);
    }
}

package io.cilicensing.web;

import static io.cilicensing.TestRules.grantRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /v1/scenarios/run} decides each scenario on the decision threads within
 * {@code decisions.time-budget}: a live rule that loops in Java for one scenario's tenant fails
 * that scenario with DECISION_TIMEOUT naming the rule, and the run goes on and answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.gate=false", "rules.watch=false", "decisions.log.enabled=false",
                "decisions.time-budget=2s"})
class ScenarioRunTimeBudgetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String SPIN = """
            package t;
            import io.cilicensing.facts.*;
            rule "ENT-02 spins for one tenant" @id("ENT-02") @source("test")
            when Tenant( id == "spin" )
            then io.cilicensing.web.Spinner.spin("scenario-run");
            end
            """;

    private static String scenario(String tenant) {
        return """
                name: a base license grants 10000 people to %s
                covers: [ENT-01]
                request:
                  asOf: 2024-07-01
                  tenant: { id: %s, homeGeo: US }
                  licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2024-01-01 } ]
                expect:
                  entitlements: { interactedPeople: 10000 }
                """.formatted(tenant, tenant);
    }

    @DynamicPropertySource
    static void privateRulesAndScenarios(DynamicPropertyRegistry registry) {
        try {
            Path root = Files.createTempDirectory("scenario-run-budget");
            Path rules = Files.createDirectories(root.resolve("rules"));
            Path scenarios = Files.createDirectories(root.resolve("scenarios"));
            Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
            Files.writeString(rules.resolve("spin.drl"), SPIN);
            Files.writeString(scenarios.resolve("a-spins.yaml"), scenario("spin"));
            Files.writeString(scenarios.resolve("b-decided.yaml"), scenario("other"));
            registry.add("rules.dir", rules::toString);
            registry.add("rules.scenarios-dir", scenarios::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @AfterEach
    void release() {
        Spinner.release("scenario-run");
    }

    @Test
    void aScenarioPastTheBudgetFailsWithDecisionTimeoutNamingTheRuleAndTheRunGoesOn() throws Exception {
        Spinner.hold("scenario-run");

        HttpResponse<String> r = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Http.post(port, "/v1/scenarios/run", new byte[0]));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode run = JSON.readTree(r.body());
        assertThat(run.path("run").asInt()).isEqualTo(2);
        JsonNode spun = run.at("/results/0");
        assertThat(spun.path("file").asText()).isEqualTo("a-spins.yaml");
        assertThat(spun.path("passed").asBoolean()).isFalse();
        assertThat(spun.at("/differences/0/actual").asText()).startsWith("DECISION_TIMEOUT")
                .contains("ENT-02 spins for one tenant");
        assertThat(run.at("/results/1/passed").asBoolean()).isTrue();
    }
}

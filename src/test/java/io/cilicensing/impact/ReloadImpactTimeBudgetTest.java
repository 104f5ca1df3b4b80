package io.cilicensing.impact;

import static io.cilicensing.TestRules.grantRule;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.Http;
import io.cilicensing.web.Spinner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A rule that loops in Java for a tenant already in the decision log, and in no scenario (so the
 * gate passes and it goes live): the impact replayed after the reload decides that tenant on a
 * decision thread within the decision budget, counts it as DECISION_TIMEOUT naming the rule,
 * goes on with the other logged decisions and ends DONE; the thread it left is counted as stuck
 * (metrics, then liveness); an impact request and the next reload's impact still complete.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=test-token", "rules.watch=false", "decisions.threads=6",
                "decisions.time-budget=4s", "rules.impact.time-budget=15s", "decisions.stuck-liveness-after=1s"})
class ReloadImpactTimeBudgetTest {
    private static final String TOKEN = "test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Past the impact budget (15 s) what a DONE or FAILED may take; a hang is cut off here, not waited out. */
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static Path rules;
    private static Path log;

    /** The reproduction, looping with {@link Spinner} (parked, released after the test) instead of a busy loop. */
    private static final String SPIN = """
            package t;
            import io.cilicensing.facts.*;
            function void spin3() { io.cilicensing.web.Spinner.spin("reload-impact"); }
            rule "ENT-07 spins for a logged tenant" @id("ENT-07") @source("test")
            when $t : Tenant( id == "spin-logged" )
            then spin3();
            end
            """;

    private static final String SCENARIO = """
            name: a base license grants 10000 people
            covers: [ENT-01]
            request:
              asOf: 2024-07-01
              tenant: { id: t, homeGeo: US }
              licenses: [ { id: L1, sku: CI_BASE, purchasedOn: 2024-01-01 } ]
            expect:
              entitlements: { interactedPeople: 10000 }
            """;

    @DynamicPropertySource
    static void privateRulesScenariosAndLog(DynamicPropertyRegistry registry) {
        try {
            Path root = Files.createTempDirectory("reload-impact-budget");
            rules = Files.createDirectories(root.resolve("rules"));
            Path scenarios = Files.createDirectories(root.resolve("scenarios"));
            Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
            Files.writeString(scenarios.resolve("base.yaml"), SCENARIO);
            log = root.resolve("logs/decisions.jsonl");
            registry.add("rules.dir", rules::toString);
            registry.add("rules.scenarios-dir", scenarios::toString);
            registry.add("decisions.log.path", log::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @AfterAll
    static void releaseTheStuckThreads() {
        Spinner.release("reload-impact");
    }

    private static String facts(String tenant) {
        return """
                {"asOf":"2024-07-01","tenant":{"id":"%s","homeGeo":"US"},"licenses":[{"id":"L1","sku":"CI_BASE","purchasedOn":"2023-10-02"}]}
                """.formatted(tenant);
    }

    private JsonNode ruleset() throws Exception {
        return JSON.readTree(Http.get(port, "/v1/ruleset").body());
    }

    private JsonNode await(Predicate<JsonNode> condition) throws Exception {
        JsonNode r = ruleset();
        while (!condition.test(r)) {
            Thread.sleep(100);
            r = ruleset();
        }
        return r;
    }

    private double stuck() throws Exception {
        for (String line : Http.get(port, "/actuator/prometheus").body().split("\n")) {
            if (line.startsWith("decisions_stuck ")) {
                return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
            }
        }
        throw new AssertionError("no decisions_stuck in the metrics");
    }

    private JsonNode reload() throws Exception {
        HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");
        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(attempt.path("outcome").asText()).as(r.body()).isEqualTo("LIVE");
        return attempt;
    }

    private static JsonNode group(JsonNode impact, String change) {
        for (JsonNode g : impact.path("groups")) {
            if (g.path("change").asText().equals(change)) {
                return g;
            }
        }
        throw new AssertionError("no group " + change + " in " + impact);
    }

    @Test
    void aRuleLoopingForALoggedTenantCostsThatDecisionNotTheImpactAndTheNextImpactCompletes() throws Exception {
        Spinner.hold("reload-impact");
        for (String tenant : List.of("spin-logged", "other")) {
            assertThat(Http.post(port, "/v1/decisions", facts(tenant)).statusCode()).isEqualTo(200);
        }
        while (!Files.exists(log) || Files.readAllLines(log).size() < 2) {
            Thread.sleep(20);
        }
        Files.writeString(rules.resolve("spin.drl"), SPIN);

        String version = reload().path("version").asText();
        JsonNode done = assertTimeoutPreemptively(BOUND, () -> await(r -> r.path("version").asText().equals(version)
                && !r.at("/lastReload/impactState").asText().equals("PENDING")));

        JsonNode impact = done.at("/lastReload/impact");
        assertThat(done.at("/lastReload/impactState").asText()).as(done.toString()).isEqualTo("DONE");
        assertThat(impact.path("timedOut").asInt()).isEqualTo(1);
        assertThat(impact.path("replayed").asInt()).isEqualTo(2); // the run went on past the loop
        assertThat(impact.path("cutShort").asBoolean()).isFalse();
        JsonNode timeout = group(impact, "decided → DECISION_TIMEOUT");
        assertThat(timeout.path("count").asInt()).isEqualTo(1);
        assertThat(timeout.path("rules").toString()).contains("ENT-07");
        assertThat(timeout.at("/examples/0/tenantId").asText()).isEqualTo("spin-logged");
        // the thread left in the loop is counted as stuck, and liveness asks for a restart
        assertThat(stuck()).isGreaterThanOrEqualTo(1.0);
        assertTimeoutPreemptively(BOUND, () -> {
            while (Http.get(port, "/actuator/health/liveness").statusCode() != 503) {
                Thread.sleep(100);
            }
        });

        // an impact request is answered (the impact thread is not held)
        HttpResponse<String> asked = assertTimeoutPreemptively(BOUND, () -> Http.postAdmin(port, "/v1/ruleset/impact",
                TOKEN, JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", grantRule(10_000),
                        "spin.drl", SPIN)))));
        assertThat(asked.statusCode()).as(asked.body()).isEqualTo(200);

        // the next reload's impact completes too
        Files.writeString(rules.resolve("spin.drl"), SPIN + "\n// again\n");
        String next = reload().path("version").asText();
        JsonNode again = assertTimeoutPreemptively(BOUND, () -> await(r -> r.path("version").asText().equals(next)
                && !r.at("/lastReload/impactState").asText().equals("PENDING")));
        assertThat(again.at("/lastReload/impactState").asText()).as(again.toString()).isEqualTo("DONE");
        List<String> tenants = new ArrayList<>();
        again.at("/lastReload/impact/groups").forEach(g -> g.path("examples").forEach(
                e -> tenants.add(e.path("tenantId").asText())));
        // both rulesets loop for that tenant now: the same error on both sides is no change
        assertThat(again.at("/lastReload/impact/timedOut").asInt()).isEqualTo(1);
        assertThat(tenants).doesNotContain("other");
    }
}

package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.TestRules;
import io.cilicensing.engine.DecisionThreads;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A live rule that does not return (a Java loop, for one tenant) or loops in the rules past the
 * time budget: the caller gets 503 DECISION_TIMEOUT, the others are served, the stuck thread is
 * counted, liveness fails when every decision thread is stuck. Two decision threads and a 4 s
 * budget; the firing limit is set out of reach so that only the budget stops the rule loop.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.threads=2", "decisions.time-budget=4s",
                "decisions.stuck-liveness-after=1h", "rules.firing-limit=1000000000"})
class StuckDecisionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String RUNAWAY = """
            package t;
            import io.cilicensing.facts.*;
            declare Tick n : int end
            rule "ENT-02 spins in Java for one tenant" @id("ENT-02") @source("test")
            when Tenant( id == "spin" )
            then io.cilicensing.web.Spinner.spin("stuck");
            end
            function boolean holdInAFunction() { return io.cilicensing.web.Spinner.spinThenTrue("stuck"); }
            rule "ENT-05 spins in an eval for one tenant" @id("ENT-05") @source("test")
            when Tenant( id == "spin-eval" ) eval( io.cilicensing.web.Spinner.spinThenTrue("stuck") )
            then
            end
            rule "ENT-06 spins in a constraint's function for one tenant" @id("ENT-06") @source("test")
            when Tenant( id == "spin-constraint", holdInAFunction() )
            then
            end
            rule "ENT-03 starts ticking for one tenant" @id("ENT-03") @source("test")
            when Tenant( id == "loop" )
            then insert(new Tick(0));
            end
            rule "ENT-04 ticks forever" @id("ENT-04") @source("test")
            when $t : Tick( n >= 0 )
            then modify($t) { setN($t.getN() + 1) }
            end
            """;

    @DynamicPropertySource
    static void runawayRules(DynamicPropertyRegistry registry) {
        try {
            Path dir = TestRules.grantsDirectory("stuck-rules", 10_000);
            Files.writeString(dir.resolve("runaway.drl"), RUNAWAY);
            registry.add("rules.dir", dir::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DecisionThreads threads;

    private static String facts(String tenant) {
        return """
                { "asOf": "2024-07-01", "tenant": { "id": "%s", "homeGeo": "US" },
                  "licenses": [ { "id": "L1", "sku": "CI_BASE", "purchasedOn": "2024-01-01" } ] }
                """.formatted(tenant);
    }

    private HttpResponse<String> decide(String tenant) throws Exception {
        return Http.post(port, "/v1/decisions", facts(tenant));
    }

    private static void assertError(int status, JsonNode error, int expectedStatus, String code) {
        assertThat(status).isEqualTo(expectedStatus);
        assertThat(error.path("error").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("violations").isArray()).isTrue();
    }

    private void assertDecided(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).at("/entitlements/interactedPeople").asLong()).isEqualTo(10_000);
    }

    private Map<String, Double> scrape() throws Exception {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : Http.get(port, "/actuator/prometheus").body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    private static double timeouts(Map<String, Double> series) {
        return series.getOrDefault("decision_errors_total{error=\"DECISION_TIMEOUT\"}", 0.0);
    }

    private void awaitNoneStuck() throws InterruptedException {
        for (int i = 0; i < 3000 && threads.stuck() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(threads.stuck()).isZero();
    }

    @BeforeEach
    void warmUp() throws Exception {
        assertDecided(decide("warm"));
    }

    @AfterEach
    void releaseTheStuckThreads() throws InterruptedException {
        Spinner.release("stuck");
        awaitNoneStuck();
    }

    @Test
    void aRuleLoopingInJavaAnswers503AfterTheBudgetIsCountedAsStuckAndOtherTenantsAreServed() throws Exception {
        double timeoutsBefore = timeouts(scrape());
        Spinner.hold("stuck");

        HttpResponse<String> stuck = decide("spin");
        assertError(stuck.statusCode(), JSON.readTree(stuck.body()), 503, "DECISION_TIMEOUT");
        assertThat(JSON.readTree(stuck.body()).path("message").asText()).contains("decisions.time-budget");

        assertDecided(decide("other")); // served while the first thread is stuck
        Map<String, Double> metrics = scrape();
        assertThat(metrics).containsEntry("decisions_stuck", 1.0).containsEntry("decision_threads", 2.0);
        assertThat(metrics.get("decisions_stuck_longest_seconds")).isNotNull();
        assertThat(timeouts(metrics)).isEqualTo(timeoutsBefore + 1);
        HttpResponse<String> liveness = Http.get(port, "/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200); // one of two threads, stuck for less than the bound
        assertThat(JSON.readTree(liveness.body()).at("/components/decisionThreads/details/stuck").asInt()).isEqualTo(1);

        Spinner.release("stuck");
        awaitNoneStuck();
        assertThat(scrape()).containsEntry("decisions_stuck", 0.0);
    }

    @Test
    void aDecisionPastItsBudgetNamesTheRuleItWasRunningInAConsequenceAnEvalOrAConstraint() throws Exception {
        Map<String, String> ruleOfTenant = Map.of("spin", "ENT-02 spins in Java for one tenant",
                "spin-eval", "ENT-05 spins in an eval for one tenant",
                "spin-constraint", "ENT-06 spins in a constraint's function for one tenant");
        for (Map.Entry<String, String> e : ruleOfTenant.entrySet()) {
            Spinner.hold("stuck");

            HttpResponse<String> r = decide(e.getKey());

            JsonNode error = JSON.readTree(r.body());
            assertError(r.statusCode(), error, 503, "DECISION_TIMEOUT");
            assertThat(error.path("rules").size()).as("rules of %s", error).isEqualTo(1);
            assertThat(error.path("rules").get(0).asText()).isEqualTo(e.getValue());
            assertThat(error.path("message").asText()).contains(e.getValue());
            Spinner.release("stuck");
            awaitNoneStuck();
        }
    }

    @Test
    void whenEveryDecisionThreadIsStuckDecisionsAnswer503AtOnceAndLivenessIsDown() throws Exception {
        Spinner.hold("stuck");
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = decide("spin");
            assertError(r.statusCode(), JSON.readTree(r.body()), 503, "DECISION_TIMEOUT");
        }

        HttpResponse<String> refused = decide("other");
        assertError(refused.statusCode(), JSON.readTree(refused.body()), 503, "DECISION_THREADS_EXHAUSTED");
        HttpResponse<String> batch = Http.post(port, "/v1/decisions/batch", "[" + facts("other") + "]");
        JsonNode item = JSON.readTree(batch.body()).get(0);
        assertError(item.path("status").asInt(), item.path("error"), 503, "DECISION_THREADS_EXHAUSTED");
        HttpResponse<String> liveness = Http.get(port, "/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(liveness.body()).path("status").asText()).isEqualTo("DOWN");

        Spinner.release("stuck");
        awaitNoneStuck();
        assertThat(Http.get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertDecided(decide("other"));
    }

    @Test
    void aBatchItemPastTheBudgetGets503AndTheOtherItemsAreDecided() throws Exception {
        Spinner.hold("stuck");

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch",
                "[" + facts("spin") + "," + facts("other") + "]");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body());
        assertThat(results.size()).isEqualTo(2);
        assertError(results.get(0).path("status").asInt(), results.get(0).path("error"), 503, "DECISION_TIMEOUT");
        assertThat(results.get(1).path("status").asInt()).isEqualTo(200);
        assertThat(results.get(1).at("/report/tenantId").asText()).isEqualTo("other");
    }

    @Test
    void aRuleLoopingInTheRulesIsStoppedAtTheBudgetAndFreesItsThread() throws Exception {
        HttpResponse<String> r = decide("loop");

        assertError(r.statusCode(), JSON.readTree(r.body()), 503, "DECISION_TIMEOUT");
        awaitNoneStuck(); // nothing released: the decision stopped at its next firing
        assertDecided(decide("other"));
    }
}

package io.cilicensing.web;

import static io.cilicensing.TestRules.grantRule;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.worker.CandidateWorker;
import io.cilicensing.worker.Jobs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Candidate rules that exit, loop, fire forever, exhaust memory or carry compile-time code,
 * handed to validate (with scenarios) and to a reload: each is reported (outcome, rule,
 * scenario), never goes live, and the service keeps deciding, stays ready, replaces its worker
 * process and takes the next good reload.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=test-token", "rules.watch-debounce-ms=200", "rules.worker.job-timeout=5s",
                "rules.worker.scenario-budget=2s", "rules.worker.max-heap=96m", "rules.firing-limit=500"})
class HostileCandidateTest {
    private static final String TOKEN = "test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path root;
    private static Path rules;

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

    /** The grant rule plus a rule "ENT-09 hostile" that does {@code consequence} when a license is there. */
    private static String hostile(String consequence) {
        return grantRule(10_000) + """

                rule "ENT-09 hostile" @id("ENT-09") @source("test")
                when
                    License()
                then
                    %s
                end
                """.formatted(consequence);
    }

    private static final String EXIT = "System.exit(0);";
    private static final String JAVA_LOOP = "long n = 0; while (n >= 0) { n = (n + 1) % 1000; }";
    private static final String OUT_OF_MEMORY =
            "java.util.List<long[]> all = new java.util.ArrayList<>(); while (true) { all.add(new long[1_000_000]); }";
    private static final String ENDLESS_FIRING = """
            insert(new Tick(0));
                end
                declare Tick n : int end
                rule "ENT-10 tick forever" @id("ENT-10") @source("test")
                when $t : Tick( n >= 0 )
                then modify($t) { setN($t.getN() + 1) }""";

    /** A rule "ENT-09 hostile" whose condition loops in Java: {@code condition} calls function {@code spin()}. */
    private static String loopingCondition(String condition) {
        return grantRule(10_000) + """

                function boolean spin() { long n = 0; while (n >= 0) { n = (n + 1) %% 1000; } return true; }

                rule "ENT-09 hostile" @id("ENT-09") @source("test")
                when
                    %s
                then
                end
                """.formatted(condition);
    }

    @DynamicPropertySource
    static void privateRulesAndScenarios(DynamicPropertyRegistry registry) {
        try {
            root = Files.createTempDirectory("hostile-test");
            rules = Files.createDirectories(root.resolve("rules"));
            Path scenarios = Files.createDirectories(root.resolve("scenarios"));
            Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
            Files.writeString(scenarios.resolve("base.yaml"), SCENARIO);
            registry.add("rules.dir", rules::toString);
            registry.add("rules.scenarios-dir", scenarios::toString);
            registry.add("decisions.log.path", () -> root.resolve("decisions.jsonl").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    Jobs jobs;

    @AfterEach
    void restoreTheRules() throws Exception {
        Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
        Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");
    }

    private HttpResponse<String> validate(String drl) throws Exception {
        return Http.postAdmin(port, "/v1/ruleset/validate", TOKEN,
                JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", drl), "scenarios", true)));
    }

    private JsonNode ruleset() throws Exception {
        return JSON.readTree(Http.get(port, "/v1/ruleset").body());
    }

    /** The service decides and is ready, on the version it had. */
    private void assertServing(String version) throws Exception {
        HttpResponse<String> decision = Http.post(port, "/v1/decisions", RulesetReloadTest.FACTS);
        assertThat(decision.statusCode()).isEqualTo(200);
        assertThat(decision.headers().firstValue("X-Ruleset-Version")).hasValue(version);
        assertThat(Http.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    private JsonNode awaitRuleset(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode r = ruleset();
        while (!condition.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = ruleset();
        }
        return r;
    }

    @Test
    void anImpactReplayOfRulesThatExitRunsInTheWorkerAndIsReportedAsCandidateFailed() throws Exception {
        String before = ruleset().path("version").asText();
        assertServing(before); // a logged decision with a license, for the replay to decide again
        Path log = root.resolve("decisions.jsonl");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(log) || Files.size(log) == 0) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        CandidateWorker worker = (CandidateWorker) jobs;
        long startedBefore = worker.processesStarted();

        HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/impact", TOKEN,
                JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", hostile(EXIT)))));

        JsonNode report = JSON.readTree(r.body());
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(report.path("outcome").asText()).isEqualTo("CANDIDATE_FAILED");
        assertThat(report.at("/failure/kind").asText()).isEqualTo("EXIT");
        assertThat(report.at("/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertServing(before);
        // a harmless candidate replays in the (replaced) worker and changes nothing
        HttpResponse<String> harmless = Http.postAdmin(port, "/v1/ruleset/impact", TOKEN,
                JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", grantRule(10_000) + "\n// same\n"))));
        assertThat(harmless.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(harmless.body()).path("outcome").asText()).isEqualTo("NO_CHANGE");
        assertThat(JSON.readTree(harmless.body()).path("replayed").asInt()).isPositive();
        assertThat(worker.processesStarted()).isGreaterThan(startedBefore);
    }

    @Test
    void aRuleCallingSystemExitIsReportedWithRuleAndScenarioAndTheWorkerIsReplaced() throws Exception {
        String before = ruleset().path("version").asText();
        CandidateWorker worker = (CandidateWorker) jobs;
        validate(grantRule(10_000) + "\n// warm\n"); // a worker process is up
        long pid = worker.pid();
        long startedBefore = worker.processesStarted();

        HttpResponse<String> r = validate(hostile(EXIT));

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(attempt.path("outcome").asText()).isEqualTo("CANDIDATE_FAILED");
        assertThat(attempt.at("/failure/kind").asText()).isEqualTo("EXIT");
        assertThat(attempt.at("/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertThat(attempt.at("/failure/step").asText()).isEqualTo("scenario base.yaml");
        assertThat(attempt.at("/failingScenarios/0/file").asText()).isEqualTo("base.yaml");
        assertThat(attempt.path("message").asText()).contains("System.exit").contains("ENT-09 hostile");
        assertServing(before);
        HttpResponse<String> next = validate(grantRule(10_000) + "\n// next\n");
        assertThat(JSON.readTree(next.body()).at("/attempt/outcome").asText()).isEqualTo("VALID");
        assertThat(worker.processesStarted()).isGreaterThan(startedBefore);
        assertThat(worker.pid()).isNotEqualTo(pid).isPositive();
    }

    @Test
    void anEndlessJavaLoopIsStoppedAtTheScenarioBudgetWhileDecisionsKeepBeingAnswered() throws Exception {
        String before = ruleset().path("version").asText();

        CompletableFuture<HttpResponse<String>> looping = CompletableFuture.supplyAsync(() -> {
            try {
                return validate(hostile(JAVA_LOOP));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(1_000); // the loop is running in the worker
        assertServing(before);
        HttpResponse<String> r = looping.get();

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(attempt.path("outcome").asText()).isEqualTo("CANDIDATE_FAILED");
        assertThat(attempt.at("/failure/kind").asText()).isEqualTo("TIMEOUT");
        assertThat(attempt.at("/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertThat(attempt.at("/failure/step").asText()).isEqualTo("scenario base.yaml");
        assertServing(before);
    }

    /** TIMEOUT at the scenario budget, naming the rule and the scenario, while the service serves. */
    private void assertTimedOutInScenario(String drl) throws Exception {
        String before = ruleset().path("version").asText();

        HttpResponse<String> r = validate(drl);

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(attempt.path("outcome").asText()).isEqualTo("CANDIDATE_FAILED");
        assertThat(attempt.at("/failure/kind").asText()).isEqualTo("TIMEOUT");
        assertThat(attempt.at("/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertThat(attempt.at("/failure/step").asText()).isEqualTo("scenario base.yaml");
        assertThat(attempt.at("/failure/detail").asText()).contains("rules.worker.scenario-budget");
        assertThat(attempt.at("/failingScenarios/0/file").asText()).isEqualTo("base.yaml");
        assertThat(attempt.path("message").asText()).contains("ENT-09 hostile").contains("base.yaml");
        assertServing(before);
    }

    @Test
    void aLoopInAnEvalIsStoppedAtTheScenarioBudgetNamingItsRuleAndScenario() throws Exception {
        assertTimedOutInScenario(loopingCondition("License()\n    eval( spin() )"));
    }

    @Test
    void aLoopInAFunctionCalledFromAConstraintIsStoppedAtTheScenarioBudgetNamingItsRuleAndScenario() throws Exception {
        assertTimedOutInScenario(loopingCondition("License( spin() )"));
    }

    @Test
    void systemExitInAnEvalIsReportedWithItsRuleAndScenario() throws Exception {
        String before = ruleset().path("version").asText();
        String drl = grantRule(10_000) + """

                function boolean exits() { System.exit(0); return true; }

                rule "ENT-09 hostile" @id("ENT-09") @source("test")
                when
                    License()
                    eval( exits() )
                then
                end
                """;

        HttpResponse<String> r = validate(drl);

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
        assertThat(attempt.at("/failure/kind").asText()).isEqualTo("EXIT");
        assertThat(attempt.at("/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertThat(attempt.at("/failure/step").asText()).isEqualTo("scenario base.yaml");
        assertServing(before);
    }

    @Test
    void endlessFiringFailsTheScenarioNamingTheRule() throws Exception {
        HttpResponse<String> r = validate(hostile(ENDLESS_FIRING));

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(attempt.path("outcome").asText()).isEqualTo("SCENARIOS_FAILED");
        assertThat(attempt.at("/failingScenarios/0/file").asText()).isEqualTo("base.yaml");
        assertThat(attempt.at("/failingScenarios/0/differences/0/actual").asText())
                .contains("RULES_DID_NOT_SETTLE").contains("ENT-10 tick forever");
    }

    @Test
    void aRuleExhaustingMemoryIsReportedAndTheServiceKeepsItsHeap() throws Exception {
        String before = ruleset().path("version").asText();

        HttpResponse<String> r = validate(hostile(OUT_OF_MEMORY));

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(attempt.path("outcome").asText()).isEqualTo("CANDIDATE_FAILED");
        assertThat(attempt.at("/failure/kind").asText()).isEqualTo("OUT_OF_MEMORY");
        assertThat(attempt.at("/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertServing(before);
    }

    @Test
    void aReloadOfRulesThatExitNeverGoesLiveAndTheNextGoodReloadDoes() throws Exception {
        String before = ruleset().path("version").asText();
        Files.writeString(rules.resolve("grants.drl"), hostile(EXIT));

        JsonNode failed = awaitRuleset(j -> j.at("/lastReload/outcome").asText().equals("CANDIDATE_FAILED"));

        assertThat(failed.at("/lastReload/failure/kind").asText()).isEqualTo("EXIT");
        assertThat(failed.at("/lastReload/failure/rule").asText()).isEqualTo("ENT-09 hostile");
        assertThat(failed.path("version").asText()).isEqualTo(before);
        assertServing(before);

        Files.writeString(rules.resolve("grants.drl"), grantRule(10_000) + "\n// good again\n");
        JsonNode live = awaitRuleset(j -> !j.path("version").asText().equals(before));

        assertThat(live.at("/lastReload/outcome").asText()).isEqualTo("LIVE");
        assertServing(live.path("version").asText());
    }

    @Test
    void aReloadThatLoopsDoesNotWedgeReloading() throws Exception {
        String before = ruleset().path("version").asText();
        Files.writeString(rules.resolve("grants.drl"), hostile(JAVA_LOOP));

        HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(r.body()).at("/attempt/failure/kind").asText()).isEqualTo("TIMEOUT");
        assertServing(before);
        Files.writeString(rules.resolve("grants.drl"), grantRule(10_000) + "\n// after the loop\n");
        HttpResponse<String> good = Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");
        // the directory watch may have taken the change first: then the admin reload finds it unchanged
        JsonNode answer = JSON.readTree(good.body());
        assertThat(answer.at("/attempt/outcome").asText()).isIn("LIVE", "UNCHANGED");
        assertThat(answer.path("liveVersion").asText()).isEqualTo(answer.at("/attempt/version").asText())
                .isNotEqualTo(before);
    }

    @Test
    void validateRefusesCompileTimeCodeWithFileAndLineAndNeverRunsIt() throws Exception {
        Path marker = root.resolve("compile-time-marker");
        String drl = grantRule(10_000) + "\nrule \"ENT-11 x\" @id(\"ENT-11\") @source(\"s\")\n"
                + "    @note(java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + marker.toString().replace("\\", "/")
                + "\")))\nwhen\nthen\nend\n";
        int line = (int) grantRule(10_000).lines().count() + 3;

        HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/validate", TOKEN,
                JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", drl), "scenarios", false)));

        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(attempt.path("outcome").asText()).isEqualTo("COMPILE_FAILED");
        assertThat(attempt.at("/errors/0/file").asText()).isEqualTo("grants.drl");
        assertThat(attempt.at("/errors/0/line").asInt()).isEqualTo(line);
        assertThat(attempt.at("/errors/0/message").asText()).contains("@note(...) is not a literal");
        assertThat(marker).doesNotExist();
    }
}

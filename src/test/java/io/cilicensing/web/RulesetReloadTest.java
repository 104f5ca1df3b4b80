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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Live reload against a running server whose rules and scenarios are a private copy in a
 * temporary directory: broken and scenario-breaking changes never go live, good ones do.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=test-token", "rules.watch-debounce-ms=300"})
class RulesetReloadTest {
    private static final String TOKEN = "test-token";
    private static final ObjectMapper JSON = new ObjectMapper();
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

    static final String FACTS = """
            { "asOf": "2024-07-01", "tenant": { "id": "t", "homeGeo": "US" },
              "licenses": [ { "id": "L1", "sku": "CI_BASE", "purchasedOn": "2024-01-01" } ] }
            """;

    @DynamicPropertySource
    static void privateRulesAndScenarios(DynamicPropertyRegistry registry) {
        try {
            Path root = Files.createTempDirectory("reload-test");
            rules = Files.createDirectories(root.resolve("rules"));
            Path scenarios = Files.createDirectories(root.resolve("scenarios"));
            Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
            Files.writeString(scenarios.resolve("base.yaml"), SCENARIO);
            registry.add("rules.dir", rules::toString);
            registry.add("rules.scenarios-dir", scenarios::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    private JsonNode ruleset() throws Exception {
        return JSON.readTree(Http.get(port, "/v1/ruleset").body());
    }

    private String liveVersion() throws Exception {
        return ruleset().path("version").asText();
    }

    /** Polls GET /v1/ruleset until the condition holds, for at most ten seconds. */
    private JsonNode awaitRuleset(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode r = ruleset();
        while (!condition.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = ruleset();
        }
        return r;
    }

    @AfterEach
    void restoreTheRules() throws Exception {
        try (var files = Files.list(rules)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.writeString(rules.resolve("grants.drl"), grantRule(10_000));
        Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");
    }

    @Test
    void theRulesetEndpointDescribesTheLiveRules() throws Exception {
        JsonNode r = ruleset();

        assertThat(r.path("version").asText()).hasSize(64);
        assertThat(r.path("files").get(0).path("path").asText()).isEqualTo("grants.drl");
        assertThat(r.path("files").get(0).path("sha256").asText()).hasSize(64);
        assertThat(r.path("rules").get(0).path("id").asText()).isEqualTo("ENT-01");
        assertThat(r.path("rules").get(0).path("file").asText()).isEqualTo("grants.drl");
        assertThat(r.path("lastReload").path("outcome").asText()).isIn("LIVE", "UNCHANGED");
    }

    @Test
    void aBrokenFileDroppedIntoTheWatchedDirectoryLeavesTheOldVersionServing() throws Exception {
        String before = liveVersion();
        Files.writeString(rules.resolve("broken.drl"),
                "package t;\nimport io.cilicensing.facts.*;\nrule \"ENT-02 x\" @id(\"ENT-02\") @source(\"s\")\nwhen\n  License( quantity > )\nthen\nend\n");

        JsonNode r = awaitRuleset(j -> j.at("/lastReload/outcome").asText().equals("COMPILE_FAILED"));

        assertThat(r.at("/lastReload/outcome").asText()).isEqualTo("COMPILE_FAILED");
        assertThat(r.at("/lastReload/errors/0/file").asText()).isEqualTo("broken.drl");
        assertThat(r.at("/lastReload/errors/0/line").asInt()).isEqualTo(5);
        assertThat(r.path("version").asText()).isEqualTo(before);
        HttpResponse<String> decision = Http.post(port, "/v1/decisions", FACTS);
        assertThat(decision.statusCode()).isEqualTo(200);
        assertThat(decision.headers().firstValue("X-Ruleset-Version")).hasValue(before);
    }

    @Test
    void aChangeThatBreaksAScenarioIsNotActivated() throws Exception {
        String before = liveVersion();
        Files.writeString(rules.resolve("grants.drl"), grantRule(5_000));

        JsonNode r = awaitRuleset(j -> j.at("/lastReload/outcome").asText().equals("SCENARIOS_FAILED"));

        assertThat(r.at("/lastReload/outcome").asText()).isEqualTo("SCENARIOS_FAILED");
        assertThat(r.at("/lastReload/failingScenarios/0/file").asText()).isEqualTo("base.yaml");
        assertThat(r.at("/lastReload/failingScenarios/0/differences/0/path").asText())
                .isEqualTo("entitlements.interactedPeople");
        assertThat(r.path("version").asText()).isEqualTo(before);
        JsonNode decision = JSON.readTree(Http.post(port, "/v1/decisions", FACTS).body());
        assertThat(decision.at("/entitlements/interactedPeople").asLong()).isEqualTo(10_000);
    }

    @Test
    void aGoodChangeGoesLiveWithoutARestart() throws Exception {
        // how fast is measured by bench/reload-under-load.sh, not here (README > Performance)
        String before = liveVersion();
        Files.writeString(rules.resolve("note.drl"), """
                package t;
                import io.cilicensing.facts.*;
                import io.cilicensing.report.*;
                rule "ENT-21 note sms" @id("ENT-21") @source("test")
                when Tenant( smsEnabled )
                then insert(Finding.of(kcontext, "NOTE", Severity.INFO, "tenant", "note"));
                end
                """);

        JsonNode r = awaitRuleset(j -> !j.path("version").asText().equals(before));

        assertThat(r.path("version").asText()).isNotEqualTo(before);
        assertThat(r.at("/lastReload/outcome").asText()).isEqualTo("LIVE");
    }

    @Test
    void validateCompilesWithoutActivating() throws Exception {
        String before = liveVersion();
        String broken = JSON.writeValueAsString(Map.of("files", Map.of("a.drl", "package t;\nrule \"ENT-01 x\"\nwhen\n  Foo( > )\nthen\nend\n")));
        String good = JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", grantRule(10_000) + "\n// edited\n"),
                "scenarios", true));
        String failing = JSON.writeValueAsString(Map.of("files", Map.of("grants.drl", grantRule(1)), "scenarios", true));

        HttpResponse<String> b = Http.postAdmin(port, "/v1/ruleset/validate", TOKEN, broken);
        HttpResponse<String> g = Http.postAdmin(port, "/v1/ruleset/validate", TOKEN, good);
        HttpResponse<String> f = Http.postAdmin(port, "/v1/ruleset/validate", TOKEN, failing);

        assertThat(b.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(b.body()).at("/attempt/outcome").asText()).isEqualTo("COMPILE_FAILED");
        assertThat(JSON.readTree(b.body()).at("/attempt/errors/0/file").asText()).isEqualTo("a.drl");
        assertThat(JSON.readTree(b.body()).at("/attempt/errors/0/line").asInt()).isEqualTo(4);
        assertThat(g.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(g.body()).at("/attempt/outcome").asText()).isEqualTo("VALID");
        assertThat(JSON.readTree(g.body()).at("/attempt/scenariosRun").asInt()).isEqualTo(1);
        assertThat(f.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(f.body()).at("/attempt/outcome").asText()).isEqualTo("SCENARIOS_FAILED");
        assertThat(liveVersion()).isEqualTo(before);
    }

    @Test
    void adminEndpointsRefuseAMissingOrWrongToken() throws Exception {
        assertThat(Http.post(port, "/v1/ruleset/reload", "").statusCode()).isEqualTo(401);
        assertThat(Http.postAdmin(port, "/v1/ruleset/reload", "wrong", "").statusCode()).isEqualTo(401);
        assertThat(Http.postAdmin(port, "/v1/ruleset/validate", "wrong", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    void validateRejectsABodyWithoutFiles() throws Exception {
        HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/validate", TOKEN, "{\"file\": {}}");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("violations").toString()).contains("files").contains("file");
    }

    @Test
    void twentyReloadsUnderFourPostingThreadsFailNoRequestAndEveryAnswerNamesALiveVersion() throws Exception {
        Set<String> liveVersions = ConcurrentHashMap.newKeySet();
        liveVersions.add(liveVersion());
        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = new ArrayList<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> posters = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            posters.add(pool.submit(() -> {
                started.countDown();
                while (!stop.get()) {
                    try {
                        HttpResponse<String> r = Http.post(port, "/v1/decisions", FACTS);
                        if (r.statusCode() != 200) {
                            synchronized (failures) {
                                failures.add(r.statusCode() + " " + r.body());
                            }
                        } else {
                            seen.add(r.headers().firstValue("X-Ruleset-Version").orElse("none"));
                        }
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e.toString());
                        }
                    }
                }
                return null;
            }));
        }
        started.await();
        for (int i = 0; i < 20; i++) {
            // each round a different (passing) ruleset: the grant rule with a distinct trailing comment
            Files.writeString(rules.resolve("grants.drl"), grantRule(10_000) + "\n// round " + i + "\n");
            HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");
            JsonNode attempt = JSON.readTree(r.body()).path("attempt");
            // LIVE, or UNCHANGED when the directory watcher took the same files live first
            if (Set.of("LIVE", "UNCHANGED").contains(attempt.path("outcome").asText())) {
                liveVersions.add(attempt.path("version").asText());
            }
        }
        stop.set(true);
        for (Future<?> f : posters) {
            f.get();
        }
        pool.shutdown();
        liveVersions.add(liveVersion());

        assertThat(failures).isEmpty();
        assertThat(seen).isNotEmpty();
        assertThat(liveVersions).hasSizeGreaterThanOrEqualTo(20);
        assertThat(Set.copyOf(seen)).isSubsetOf(liveVersions);
    }
}

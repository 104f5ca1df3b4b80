package io.cilicensing.impact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.web.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /v1/ruleset/impact} and the impact recorded after a reload, against a running
 * server with a private copy of the project's rules and its own decision log. The scenario gate
 * is off: the quota change below breaks scenarios on purpose.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.admin-token=impact-token", "rules.watch=false", "rules.gate=false"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RulesetImpactEndpointTest {
    private static final String TOKEN = "impact-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> KINDS = List.of("A", "B", "C", "D", "E");
    private static Path work;
    private static Path rules;
    private static Path log;
    private static boolean decided;

    @DynamicPropertySource
    static void privateRulesAndLog(DynamicPropertyRegistry registry) {
        try {
            work = Files.createTempDirectory("impact-endpoint");
            rules = RealRules.copy(work.resolve("rules"));
            log = work.resolve("logs/decisions.jsonl");
            registry.add("rules.dir", rules::toString);
            registry.add("decisions.log.path", log::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    /** Two decisions of each kind, logged before the first test (the log is the impact's input). */
    private void decideOnce() throws Exception {
        if (decided) {
            return;
        }
        for (String kind : KINDS) {
            for (int i = 0; i < 2; i++) {
                assertThat(Http.post(port, "/v1/decisions", RealRules.factSet(kind, i)).statusCode()).isEqualTo(200);
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while ((!Files.exists(log) || Files.readAllLines(log).size() < 10) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(Files.readAllLines(log)).hasSize(10);
        decided = true;
    }

    private String body(SortedMap<String, String> files, String... more) throws Exception {
        ObjectNode b = JSON.createObjectNode();
        ObjectNode f = b.putObject("files");
        files.forEach(f::put);
        for (int i = 0; i < more.length; i += 2) {
            b.set(more[i], JSON.readTree(more[i + 1]));
        }
        return JSON.writeValueAsString(b);
    }

    private HttpResponse<String> impact(String body) throws Exception {
        return Http.postAdmin(port, "/v1/ruleset/impact", TOKEN, body);
    }

    @Test
    @Order(1)
    void aQuotaChangeIsReportedOnTheLoggedDecisionsWithTheRulesThroughWhichTheyChange() throws Exception {
        decideOnce();
        Path candidate = RealRules.withFunction(work.resolve("quota"), "baseInteractedPeople", "12000L");

        HttpResponse<String> r = impact(body(RulesetCompiler.readDirectory(candidate)));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.path("outcome").asText()).isEqualTo("CHANGED");
        assertThat(report.path("baseline").path("origin").asText()).isEqualTo("live");
        assertThat(report.path("source").path("kind").asText()).isEqualTo("log");
        assertThat(report.path("replayed").asInt()).isEqualTo(10);
        assertThat(report.path("changed").asInt()).isEqualTo(6); // A, B, D: two each
        assertThat(report.path("cutShort").asBoolean()).isFalse();
        assertThat(report.path("errors")).isEmpty();
        JsonNode people = null;
        for (JsonNode g : report.path("groups")) {
            if (g.path("change").asText().equals("entitlements.interactedPeople increased")) {
                people = g;
            }
        }
        assertThat(people).isNotNull();
        assertThat(people.path("count").asInt()).isEqualTo(6);
        assertThat(people.path("rules").toString()).isEqualTo("[\"ENT-01\"]");
        assertThat(people.path("examples")).hasSize(5);
        assertThat(people.path("examples").get(0).path("tenantId").asText()).isEqualTo("A-0");
    }

    @Test
    @Order(2)
    void theLiveRulesThemselvesChangeNothingAndLastBoundsTheWindow() throws Exception {
        decideOnce();

        HttpResponse<String> r = impact(body(RulesetCompiler.readDirectory(rules), "last", "3"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.path("outcome").asText()).isEqualTo("NO_CHANGE");
        assertThat(report.path("replayed").asInt()).isEqualTo(3);
        assertThat(report.path("changed").asInt()).isZero();
        assertThat(report.path("groups")).isEmpty();
    }

    @Test
    @Order(3)
    void aCandidateThatDoesNotCompileIs422WithFileAndLine() throws Exception {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(rules);
        files.put("broken.drl", "package io.cilicensing.rules;\n\nrule \"X\" when\n  NoSuchFact()\nthen end\n");

        HttpResponse<String> r = impact(body(files));

        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode report = JSON.readTree(r.body());
        assertThat(report.path("outcome").asText()).isEqualTo("COMPILE_FAILED");
        assertThat(report.path("candidate").path("version").isNull()).isTrue();
        assertThat(report.path("errors").get(0).path("file").asText()).isEqualTo("broken.drl");
        assertThat(report.path("errors").get(0).path("line").asInt()).isPositive();
    }

    @Test
    @Order(4)
    void badBodiesAre400WithTheirViolationsAndTheAdminTokenIsRequired() throws Exception {
        HttpResponse<String> noFiles = impact("{\"last\": 0, \"since\": \"yesterday\", \"window\": 3}");
        assertThat(noFiles.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(noFiles.body());
        assertThat(error.path("error").asText()).isEqualTo("INVALID_REQUEST");
        List<String> paths = new ArrayList<>();
        error.path("violations").forEach(v -> paths.add(v.path("path").asText()));
        assertThat(paths).containsExactlyInAnyOrder("files", "last", "since", "window");

        assertThat(Http.post(port, "/v1/ruleset/impact", "{\"files\": {}}").statusCode()).isEqualTo(401);
        assertThat(Http.postAdmin(port, "/v1/ruleset/impact", "wrong", "{}").statusCode()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void sourceKafkaIs400OnAnInstanceThatDoesNotConsumeKafka() throws Exception {
        HttpResponse<String> r = impact(body(RulesetCompiler.readDirectory(rules), "source", "\"kafka\""));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("violations").get(0).path("path").asText()).isEqualTo("source");
        assertThat(error.path("violations").get(0).path("message").asText()).contains("does not consume Kafka");
    }

    @Test
    @Order(5)
    void theOpenApiDocumentDescribesTheEndpoint() throws Exception {
        JsonNode doc = JSON.readTree(Http.get(port, "/v3/api-docs").body());
        JsonNode op = doc.path("paths").path("/v1/ruleset/impact").path("post");

        assertThat(op.path("operationId").asText()).isEqualTo("impact");
        assertThat(op.path("responses").has("200")).isTrue();
        assertThat(op.path("responses").has("422")).isTrue();
        assertThat(op.path("requestBody").path("content").path("application/json").path("schema").path("$ref")
                .asText()).endsWith("ImpactRequest");
        assertThat(doc.path("components").path("schemas").has("ImpactReport")).isTrue();
    }

    @Test
    @Order(10)
    void aReloadThatGoesLiveRecordsWhatItDidToTheRecentDecisions() throws Exception {
        decideOnce();
        String before = JSON.readTree(Http.get(port, "/v1/ruleset").body()).path("version").asText();
        Path changed = RealRules.withFunction(work.resolve("quota-live"), "baseInteractedPeople", "12000L");
        Files.copy(changed.resolve("policy.drl"), rules.resolve("policy.drl"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        HttpResponse<String> reload = Http.postAdmin(port, "/v1/ruleset/reload", TOKEN, "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        JsonNode attempt = JSON.readTree(reload.body()).path("attempt");
        assertThat(attempt.path("outcome").asText()).isEqualTo("LIVE");
        assertThat(attempt.path("impactState").asText()).isIn("PENDING", "DONE");

        JsonNode last = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            last = JSON.readTree(Http.get(port, "/v1/ruleset").body()).path("lastReload");
            if (!last.path("impactState").asText().equals("PENDING")) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(last.path("impactState").asText()).isEqualTo("DONE");
        JsonNode impact = last.path("impact");
        assertThat(impact.path("baseline").path("version").asText()).isEqualTo(before);
        assertThat(impact.path("candidate").path("version").asText()).isEqualTo(last.path("version").asText())
                .isNotEqualTo(before);
        assertThat(impact.path("replayed").asInt()).isEqualTo(10);
        assertThat(impact.path("changed").asInt()).isEqualTo(6);
        assertThat(impact.path("outcome").asText()).isEqualTo("CHANGED");
    }
}

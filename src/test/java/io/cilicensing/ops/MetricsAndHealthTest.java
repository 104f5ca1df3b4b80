package io.cilicensing.ops;

import static io.cilicensing.TestRules.grantRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.TestRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.web.Http;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** /actuator/prometheus and /actuator/health against a running server with a private one-rule ruleset. */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "rules.admin-token=ops-token"})
class MetricsAndHealthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path rules;


    static final String FACTS = """
            { "asOf": "2024-07-01", "tenant": { "id": "t", "homeGeo": "US" },
              "licenses": [ { "id": "L1", "sku": "CI_BASE", "purchasedOn": "2024-01-01" } ] }
            """;

    @DynamicPropertySource
    static void privateRules(DynamicPropertyRegistry registry) {
        rules = TestRules.grantsDirectory("ops-rules", 10_000);
        registry.add("rules.dir", rules::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    LiveRuleset live;

    /** The scrape as series (name and labels, exactly as exposed) to value. */
    private Map<String, Double> scrape() throws Exception {
        HttpResponse<String> r = Http.get(port, "/actuator/prometheus");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : r.body().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    private static double value(Map<String, Double> series, String name) {
        return series.getOrDefault(name, 0.0);
    }

    @Test
    void decisionsAreCountedByVerdictTimedInAHistogramRuleFiringsCountedByRuleIdAndErrorsByCode() throws Exception {
        Map<String, Double> before = scrape();

        HttpResponse<String> r = Http.post(port, "/v1/decisions", FACTS);
        Http.post(port, "/v1/decisions", "{ \"tenant\": {} }");
        Http.post(port, "/v1/decisions/batch", "[42]");

        assertThat(r.statusCode()).isEqualTo(200);
        String verdict = JSON.readTree(r.body()).path("verdict").asText();
        Map<String, Double> after = scrape();
        String decisions = "decisions_total{verdict=\"" + verdict + "\"}";
        assertThat(value(after, decisions) - value(before, decisions)).isEqualTo(1.0);
        assertThat(value(after, "decision_latency_seconds_count") - value(before, "decision_latency_seconds_count"))
                .isEqualTo(1.0);
        // the buckets of application.properties (management.metrics.distribution.slo.decision.latency)
        assertThat(after.keySet().stream().filter(k -> k.startsWith("decision_latency_seconds_bucket{le=")))
                .hasSize(16).contains("decision_latency_seconds_bucket{le=\"2.5E-4\"}",
                        "decision_latency_seconds_bucket{le=\"10.0\"}");
        assertThat(value(after, "decision_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(
                value(after, "decision_latency_seconds_count"));
        String firings = "rule_firings_total{rule=\"ENT-01\"}";
        assertThat(value(after, firings) - value(before, firings)).isEqualTo(1.0);
        String invalid = "decision_errors_total{error=\"INVALID_FACTS\"}";
        assertThat(value(after, invalid) - value(before, invalid)).isEqualTo(1.0);
        String notAnObject = "decision_errors_total{error=\"MALFORMED_JSON\"}";
        assertThat(value(after, notAnObject) - value(before, notAnObject)).isEqualTo(1.0);
        assertThat(after).containsKey("decision_log_dropped_total{reason=\"queue_full\"}");
    }

    @Test
    void reloadsAreCountedByOutcomeAndTheInfoMetricNamesTheLiveVersion() throws Exception {
        String before = live.get().version();
        Map<String, Double> start = scrape();
        assertThat(value(start, "ruleset_info{version=\"" + before + "\"}")).isEqualTo(1.0);

        Files.writeString(rules.resolve("grants.drl"), grantRule(20_000));
        JsonNode good = JSON.readTree(Http.postAdmin(port, "/v1/ruleset/reload", "ops-token", "").body());
        Files.writeString(rules.resolve("broken.drl"), "package t;\nrule \"ENT-02 x\" @id(\"ENT-02\") @source(\"s\")\nwhen\n  Foo( > )\nthen\nend\n");
        Http.postAdmin(port, "/v1/ruleset/reload", "ops-token", "");
        Files.delete(rules.resolve("broken.drl"));
        Http.postAdmin(port, "/v1/ruleset/reload", "ops-token", ""); // unchanged: the files are those of the live ruleset

        String after = good.path("liveVersion").asText();
        assertThat(after).isNotEqualTo(before);
        Map<String, Double> end = scrape();
        for (String outcome : new String[] {"LIVE", "COMPILE_FAILED", "UNCHANGED"}) {
            String series = "ruleset_reloads_total{outcome=\"" + outcome + "\"}";
            assertThat(value(end, series) - value(start, series)).as(series).isEqualTo(1.0);
        }
        assertThat(end).containsKey("ruleset_reloads_total{outcome=\"SCENARIOS_FAILED\"}");
        assertThat(value(end, "ruleset_info{version=\"" + after + "\"}")).isEqualTo(1.0);
        assertThat(end).doesNotContainKey("ruleset_info{version=\"" + before + "\"}");
    }

    @Test
    void readinessIsUpWithTheLiveVersionAndDownWhileNoRulesetIsLive() throws Exception {
        HttpResponse<String> ready = Http.get(port, "/actuator/health/readiness");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode up = JSON.readTree(ready.body());
        assertThat(up.path("status").asText()).isEqualTo("UP");
        assertThat(up.at("/components/ruleset/status").asText()).isEqualTo("UP");
        assertThat(up.at("/components/ruleset/details/version").asText()).isEqualTo(live.get().version());

        Ruleset serving = live.get();
        live.set(null);
        try {
            HttpResponse<String> notReady = Http.get(port, "/actuator/health/readiness");
            HttpResponse<String> alive = Http.get(port, "/actuator/health/liveness");

            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(notReady.body()).path("status").asText()).isEqualTo("DOWN");
            assertThat(JSON.readTree(notReady.body()).at("/components/ruleset/status").asText()).isEqualTo("DOWN");
            assertThat(alive.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(alive.body()).path("status").asText()).isEqualTo("UP");
            assertThat(Http.post(port, "/v1/decisions", FACTS).statusCode()).isEqualTo(503);
        } finally {
            live.set(serving);
        }
        assertThat(Http.get(port, "/actuator/health").statusCode()).isEqualTo(200);
    }
}

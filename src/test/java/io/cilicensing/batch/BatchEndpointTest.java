package io.cilicensing.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.facts.ContractExample;
import io.cilicensing.web.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
class BatchEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NDJSON = "application/x-ndjson";

    @LocalServerPort
    int port;

    /** A small valid fact set whose tenant id names its position. */
    static String facts(int i) {
        return "{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t-" + i + "\",\"homeGeo\":\"US\"},"
                + "\"licenses\":[{\"id\":\"L1\",\"sku\":\"CI_BASE\",\"purchasedOn\":\"2024-01-01\"}]}";
    }

    private static List<JsonNode> ndjson(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isEmpty()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void aJsonArrayGetsOneResultPerFactSetInTheOrderPostedAllWithOneRulesetVersion() throws Exception {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            items.add(facts(i));
        }
        items.add(ContractExample.json());

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", "[" + String.join(",", items) + "]");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body());
        assertThat(results.size()).isEqualTo(41);
        String version = r.headers().firstValue("X-Ruleset-Version").orElseThrow();
        for (int i = 0; i < 40; i++) {
            assertThat(results.get(i).path("index").asInt()).isEqualTo(i);
            assertThat(results.get(i).path("status").asInt()).isEqualTo(200);
            assertThat(results.get(i).at("/report/tenantId").asText()).isEqualTo("t-" + i);
            assertThat(results.get(i).at("/report/ruleset/version").asText()).isEqualTo(version);
        }
        JsonNode single = JSON.readTree(Http.post(port, "/v1/decisions", ContractExample.json()).body());
        JsonNode last = results.get(40).path("report");
        assertThat(last.path("verdict")).isEqualTo(single.path("verdict"));
        assertThat(last.path("entitlements")).isEqualTo(single.path("entitlements"));
        assertThat(last.path("requests")).isEqualTo(single.path("requests"));
    }

    @Test
    void aBadItemGetsTheErrorASingleDecisionWouldAndTheItemsBesideItAreDecided() throws Exception {
        String invalid = "{ \"tenant\": { \"homeGeo\": \"US\", \"multigeo\": true } }";
        String body = "[" + facts(0) + ", " + invalid + ", " + facts(2) + ", 42, " + facts(4) + "]";

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", body);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body());
        List<Integer> statuses = new ArrayList<>();
        results.forEach(x -> statuses.add(x.path("status").asInt()));
        assertThat(statuses).containsExactly(200, 400, 200, 400, 200);
        assertThat(results.get(2).at("/report/tenantId").asText()).isEqualTo("t-2");
        assertThat(results.get(4).at("/report/tenantId").asText()).isEqualTo("t-4");
        JsonNode alone = JSON.readTree(Http.post(port, "/v1/decisions", invalid).body());
        assertThat(results.get(1).path("error")).isEqualTo(alone);
        assertThat(results.get(1).at("/error/error").asText()).isEqualTo("INVALID_FACTS");
        assertThat(results.get(1).has("report")).isFalse();
        assertThat(results.get(3).at("/error/error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(results.get(3).at("/error/message").asText()).contains("line 1").contains("JSON object");
    }

    @Test
    void aJsonArrayWithASyntaxErrorIsMalformedAsAWholeWithLineAndColumn() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", "[" + facts(0) + ",\n {\"tenant\": }]");

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(error.path("message").asText()).startsWith("line 2, column");
    }

    @Test
    void aBodyThatIsNotAnArrayIsMalformed() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", facts(0));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void ndjsonGetsOneLinePerFactSetAndABadLineOnlyFailsItself() throws Exception {
        String body = facts(0) + "\n{not json\n" + facts(2) + "\r\n[1]\n\n" + facts(4);

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", NDJSON, body.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(NDJSON));
        List<JsonNode> results = ndjson(r.body());
        assertThat(results).extracting(x -> x.path("index").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(results).extracting(x -> x.path("status").asInt()).containsExactly(200, 400, 200, 400, 200);
        assertThat(results.get(1).at("/error/error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(results.get(3).at("/error/error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(results.get(4).at("/report/tenantId").asText()).isEqualTo("t-4");
        assertThat(results.get(4).at("/report/ruleset/version").asText())
                .isEqualTo(r.headers().firstValue("X-Ruleset-Version").orElseThrow());
    }

    @Test
    void ndjsonStreamsTwentyThousandFactSetsInOrderAnsweringTheFirstBeforeTheRestIsSent() throws Exception {
        int n = 20_000;
        try (NdjsonConnection c = NdjsonConnection.post(port, "/v1/decisions/batch")) {
            c.send(facts(0) + "\n");
            // the first result arrives while the request body is still open
            assertThat(c.status()).isEqualTo(200);
            JsonNode first = JSON.readTree(c.readLine());
            assertThat(first.path("index").asInt()).isZero();
            assertThat(first.at("/report/tenantId").asText()).isEqualTo("t-0");

            ExecutorService sender = Executors.newSingleThreadExecutor();
            Future<?> sent = sender.submit(() -> {
                StringBuilder chunk = new StringBuilder();
                for (int i = 1; i < n; i++) {
                    chunk.append(facts(i)).append('\n');
                    if (i % 200 == 0 || i == n - 1) {
                        c.send(chunk.toString());
                        chunk.setLength(0);
                    }
                }
                c.finish();
                return null;
            });
            int expected = 1;
            for (String line = c.readLine(); line != null; line = c.readLine()) {
                JsonNode result = JSON.readTree(line);
                assertThat(result.path("index").asInt()).isEqualTo(expected);
                assertThat(result.path("status").asInt()).isEqualTo(200);
                assertThat(result.at("/report/tenantId").asText()).isEqualTo("t-" + expected);
                expected++;
            }
            sent.get();
            sender.shutdown();
            assertThat(expected).isEqualTo(n);
        }
    }

    @Test
    void aFirstNdjsonLineShorterThanTheEncodingCheckIsAnsweredBeforeTheClientSendsMore() throws Exception {
        try (NdjsonConnection c = NdjsonConnection.post(port, "/v1/decisions/batch")) {
            c.send("{}\n");

            assertThat(c.status()).isEqualTo(200);
            JsonNode first = JSON.readTree(c.readLine());
            assertThat(first.path("index").asInt()).isZero();
            assertThat(first.path("status").asInt()).isEqualTo(400);
            c.send(facts(1) + "\n");
            JsonNode second = JSON.readTree(c.readLine());
            assertThat(second.path("index").asInt()).isEqualTo(1);
            assertThat(second.path("status").asInt()).isEqualTo(200);
            c.finish();
            assertThat(c.readLine()).isNull();
        }
    }
}

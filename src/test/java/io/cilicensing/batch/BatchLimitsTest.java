package io.cilicensing.batch;

import static io.cilicensing.batch.BatchEndpointTest.facts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The batch limits: items per batch, bytes of a JSON-array batch, bytes of one item. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false",
                "decisions.batch.max-items=3", "decisions.batch.max-bytes=3000", "decisions.max-body-bytes=300"})
class BatchLimitsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    /** facts(i) padded with spaces inside the object to {@code size} bytes. */
    private static String padded(int i, int size) {
        String f = facts(i);
        return f.substring(0, f.length() - 1) + " ".repeat(size - f.length()) + "}";
    }

    private static List<JsonNode> lines(String body) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void aJsonArrayWithMoreItemsThanAllowedIsTooLarge() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch",
                "[" + String.join(",", facts(0), facts(1), facts(2), facts(3)) + "]");

        assertThat(r.statusCode()).isEqualTo(413);
        JsonNode error = JSON.readTree(r.body());
        assertThat(error.path("error").asText()).isEqualTo("TOO_LARGE");
        assertThat(error.path("message").asText()).contains("decisions.batch.max-items");
        assertThat(error.has("violations")).isTrue();
    }

    @Test
    void aJsonArrayWithAsManyItemsAsAllowedIsDecided() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch",
                "[" + String.join(",", facts(0), facts(1), facts(2)) + "]");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).size()).isEqualTo(3);
    }

    @Test
    void aJsonArrayBodyOverTheBatchByteLimitIsTooLarge() throws Exception {
        String body = "[" + facts(0) + "]";
        body = body + " ".repeat(3001 - body.length());

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("TOO_LARGE");
        assertThat(JSON.readTree(r.body()).path("message").asText()).contains("decisions.batch.max-bytes");
    }

    @Test
    void aJsonArrayItemOverTheBodyLimitIsTooLargeAndItsNeighboursAreDecided() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch",
                "[" + String.join(",", facts(0), padded(1, 301), padded(2, 300)) + "]");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode results = JSON.readTree(r.body());
        assertThat(results.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(results.get(1).path("status").asInt()).isEqualTo(413);
        assertThat(results.get(1).at("/error/error").asText()).isEqualTo("TOO_LARGE");
        assertThat(results.get(1).at("/error/message").asText()).contains("decisions.max-body-bytes");
        assertThat(results.get(2).path("status").asInt()).isEqualTo(200);
        assertThat(results.get(2).at("/report/tenantId").asText()).isEqualTo("t-2");
    }

    @Test
    void ndjsonPastTheItemLimitEndsWithATooLargeResultAtTheFirstIndexOverIt() throws Exception {
        String body = String.join("\n", facts(0), facts(1), facts(2), facts(3), facts(4)) + "\n";

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", BatchEndpointTest.NDJSON,
                body.getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(200);
        List<JsonNode> results = lines(r.body());
        assertThat(results).extracting(x -> x.path("index").asInt()).containsExactly(0, 1, 2, 3);
        assertThat(results).extracting(x -> x.path("status").asInt()).containsExactly(200, 200, 200, 413);
        assertThat(results.get(3).at("/error/error").asText()).isEqualTo("TOO_LARGE");
        assertThat(results.get(3).at("/error/message").asText()).contains("decisions.batch.max-items");
    }

    @Test
    void anNdjsonLineOverTheBodyLimitIsTooLargeAndItsNeighboursAreDecided() throws Exception {
        String body = String.join("\n", facts(0), padded(1, 5000), facts(2));

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", BatchEndpointTest.NDJSON,
                body.getBytes(StandardCharsets.UTF_8));

        List<JsonNode> results = lines(r.body());
        assertThat(results).extracting(x -> x.path("status").asInt()).containsExactly(200, 413, 200);
        assertThat(results.get(1).at("/error/error").asText()).isEqualTo("TOO_LARGE");
        assertThat(results.get(2).at("/report/tenantId").asText()).isEqualTo("t-2");
    }
}

package io.cilicensing.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.facts.ContractExample;
import io.cilicensing.web.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false"})
class DecisionLogEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path file;

    @DynamicPropertySource
    static void logInATemporaryDirectory(DynamicPropertyRegistry registry) {
        try {
            file = Files.createTempDirectory("decision-log").resolve("logs/decisions.jsonl");
            registry.add("decisions.log.path", file::toString);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** The log line of a decision, waiting up to five seconds for the writer. */
    static JsonNode line(Path file, String decisionId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    JsonNode n = JSON.readTree(l);
                    if (n.path("decisionId").asText().equals(decisionId)) {
                        return n;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line for decision " + decisionId + " in " + file);
    }

    @Test
    void aDecisionIsLoggedAsOneJsonLineWithTheSha256OfTheBodyAsReceived() throws Exception {
        byte[] body = ("\n  " + ContractExample.json() + "\n\n").getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> r = Http.post(port, "/v1/decisions", body);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode report = JSON.readTree(r.body());
        JsonNode line = line(file, report.path("decisionId").asText());
        assertThat(line.path("bodySha256").asText()).isEqualTo(sha256(body));
        assertThat(line.path("tenantId").asText()).isEqualTo("contoso");
        assertThat(line.path("asOf").asText()).isEqualTo("2024-07-01T09:00:00Z");
        assertThat(line.path("rulesetVersion").asText()).isEqualTo(r.headers().firstValue("X-Ruleset-Version").orElseThrow());
        assertThat(line.path("verdict")).isEqualTo(report.path("verdict"));
        List<String> codes = new ArrayList<>();
        report.path("findings").forEach(f -> codes.add(f.path("code").asText()));
        assertThat(codes).isNotEmpty();
        assertThat(line.path("findingCodes")).isEqualTo(JSON.valueToTree(codes));
        assertThat(line.path("requests")).isEqualTo(report.path("requests"));
        assertThat(line.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(line.path("durationMicros").asLong()).isPositive();
        assertThat(line.has("batchId")).isFalse();
        assertThat(line.path("factsStorage").asText()).isEqualTo("inline");
        assertThat(line.path("facts").asText().getBytes(StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void batchItemsAreLoggedWithTheirBatchIndexAndTheSha256OfTheItemAsReceived() throws Exception {
        String item0 = "{ \"asOf\": \"2024-07-01\",   \"tenant\": { \"id\": \"b-0\", \"homeGeo\": \"US\" } }";
        String item2 = "{\"tenant\":{\"id\":\"b-2\",\"homeGeo\":\"FR\"}}";
        String body = "[\n  " + item0 + " ,\n {\"tenant\": {}},\n" + item2 + "]";

        HttpResponse<String> r = Http.post(port, "/v1/decisions/batch", body);

        JsonNode results = JSON.readTree(r.body());
        JsonNode first = line(file, results.get(0).at("/report/decisionId").asText());
        JsonNode third = line(file, results.get(2).at("/report/decisionId").asText());
        assertThat(first.path("batchIndex").asInt()).isZero();
        assertThat(third.path("batchIndex").asInt()).isEqualTo(2);
        assertThat(first.path("batchId").asText()).isNotEmpty().isEqualTo(third.path("batchId").asText());
        assertThat(first.path("bodySha256").asText()).isEqualTo(sha256(item0.getBytes(StandardCharsets.UTF_8)));
        assertThat(third.path("bodySha256").asText()).isEqualTo(sha256(item2.getBytes(StandardCharsets.UTF_8)));
        assertThat(third.path("tenantId").asText()).isEqualTo("b-2");
        assertThat(first.path("facts").asText()).isEqualTo(item0);
        assertThat(third.path("facts").asText()).isEqualTo(item2);
    }
}

package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"decisions.max-body-bytes=200000", "decisions.max-interactions=3", "rules.watch=false",
                "rules.gate=false"})
class DecisionEndpointTest {
    static final String CONTRACT_EXAMPLE = io.cilicensing.facts.ContractExample.json();

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void decidesTheContractExampleAndNamesTheRulesetVersion() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions", CONTRACT_EXAMPLE);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(r.headers().firstValue("X-Ruleset-Version")).hasValue(body.at("/ruleset/version").asText());
        assertThat(body.at("/ruleset/version").asText()).hasSize(64);
        assertThat(body.at("/tenantId").asText()).isEqualTo("contoso");
        assertThat(body.at("/asOf").asText()).isEqualTo("2024-07-01T09:00:00Z");
        assertThat(body.at("/verdict").asText()).isEqualTo("COMPLIANT");
        assertThat(body.at("/entitlements/interactedPeople").asLong()).isEqualTo(20_000);
        assertThat(body.at("/entitlements/unifiedPeople").asLong()).isEqualTo(100_000);
        assertThat(body.at("/requests/0/outcome").asText()).isEqualTo("DENIED");
        assertThat(body.at("/deadlines").size()).isZero();
        List<String> fired = new ArrayList<>();
        body.at("/firedRules").forEach(f -> fired.add(f.path("id").asText()));
        assertThat(fired).contains("ENT-01");
    }

    @Test
    void adminEndpointsAreClosedWithoutAConfiguredToken() throws Exception {
        for (String path : List.of("/v1/ruleset/reload", "/v1/ruleset/validate")) {
            HttpResponse<String> r = Http.post(port, path, "{}");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(json(r).path("error").asText()).isEqualTo("ADMIN_DISABLED");
            assertThat(json(r).path("message").asText()).contains("RULES_ADMIN_TOKEN");
        }
    }

    @Test
    void malformedJsonIsRejectedWithLineAndColumn() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions", "{\n  \"tenant\": {\n    \"id\": \"x\",,\n");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(json(r).path("message").asText()).contains("line 3");
    }

    @Test
    void aBodyThatIsNotAnObjectIsMalformed() throws Exception {
        HttpResponse<String> r = Http.post(port, "/v1/decisions", "[1, 2]");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void invalidFactsListEveryViolationWithItsPath() throws Exception {
        String body = """
                { "tenant": { "homeGeo": "US", "multigeo": true },
                  "licenses": [ { "id": "L1", "sku": "CI_BASE", "purchasedOn": "2024-01-01", "quantity": 0 } ] }
                """;
        HttpResponse<String> r = Http.post(port, "/v1/decisions", body);

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode answer = json(r);
        assertThat(answer.path("error").asText()).isEqualTo("INVALID_FACTS");
        List<String> paths = new ArrayList<>();
        answer.path("violations").forEach(v -> paths.add(v.path("path").asText()));
        assertThat(paths).contains("tenant.id", "tenant.multigeo", "licenses[0].quantity");
    }

    @Test
    void aBodyOverTheSizeLimitIsTooLarge() throws Exception {
        byte[] body = new byte[200_001];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpResponse<String> r = Http.post(port, "/v1/decisions", body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).isEqualTo("TOO_LARGE");
    }

    @Test
    void moreInteractionRecordsThanAllowedIsTooLarge() throws Exception {
        String record = "{ \"personId\": \"p\", \"date\": \"2024-06-03\", \"channel\": \"EMAIL\" }";
        String body = "{ \"asOf\": \"2024-07-01\", \"tenant\": { \"id\": \"t\", \"homeGeo\": \"US\" }, \"interactions\": ["
                + String.join(",", record, record, record, record) + "] }";
        HttpResponse<String> r = Http.post(port, "/v1/decisions", body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).isEqualTo("TOO_LARGE");
    }

    @Test
    void noBadInputOfTheContractAnswers5xx() throws Exception {
        String tenant = "\"tenant\": { \"id\": \"t\", \"homeGeo\": \"US\" }";
        List<String> bad = List.of(
                "", "null", "42", "\"text\"", "{", "{}",
                "{ " + tenant + ", \"licenses\": [ { \"id\": \"L1\", \"sku\": \"NOPE\", \"purchasedOn\": \"2024-01-01\" } ] }",
                "{ " + tenant + ", \"licenses\": [ { \"id\": \"L1\", \"sku\": \"CI_BASE\" } ] }",
                "{ " + tenant + ", \"licenses\": [ { \"id\": \"L1\", \"sku\": \"CI_BASE\", \"purchasedOn\": \"yesterday\" } ] }",
                "{ " + tenant + ", \"licenses\": [ { \"id\": \"L1\", \"sku\": \"CI_BASE\", \"purchasedOn\": \"2024-01-01\", \"endsOn\": \"2023-01-01\" } ] }",
                "{ " + tenant + ", \"licenses\": [ { \"id\": \"X\", \"sku\": \"CI_BASE\", \"purchasedOn\": \"2024-01-01\" } ], \"environments\": [ { \"id\": \"X\", \"type\": \"PRODUCTION\" } ] }",
                "{ " + tenant + ", \"usage\": { \"interactedPeople\": -1 } }",
                "{ " + tenant + ", \"licenses\": {} }",
                "{ " + tenant + ", \"requests\": [ { \"id\": \"R1\", \"type\": \"UNINSTALL\", \"environmentId\": \"nowhere\" } ] }",
                "{ " + tenant + ", \"usage\": { \"interactedPeople\": 5 }, \"interactions\": [ { \"personId\": \"p\", \"date\": \"2024-01-01\", \"channel\": \"EMAIL\" } ] }",
                "{ \"asOf\": \"not a date\", " + tenant + " }",
                "{ " + tenant + ", \"usage\": { \"interactedPeople\": 1e400 } }",
                "{ " + tenant + ", \"usage\": { \"interactedPeople\": 99999999999999999999999 } }");
        for (String body : bad) {
            HttpResponse<String> r = Http.post(port, "/v1/decisions", body);
            assertThat(r.statusCode()).as("status for %s", body).isBetween(400, 499);
            assertThat(json(r).path("error").asText()).as("error for %s", body).isNotEmpty();
        }
    }
}

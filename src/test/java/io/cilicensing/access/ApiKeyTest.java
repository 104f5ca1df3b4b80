package io.cilicensing.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.facts.ContractExample;
import io.cilicensing.web.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

class ApiKeyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] FACTS = ContractExample.json().getBytes(StandardCharsets.UTF_8);
    private static final byte[] BATCH = ("[" + ContractExample.json() + "]").getBytes(StandardCharsets.UTF_8);

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false",
                    "decisions.api-keys=key-one, key-two"})
    class WithKeysConfigured {
        @LocalServerPort
        int port;

        private void assertUnauthorized(HttpResponse<String> r) throws Exception {
            assertThat(r.statusCode()).isEqualTo(401);
            JsonNode error = JSON.readTree(r.body());
            assertThat(error.path("error").asText()).isEqualTo("UNAUTHORIZED");
            assertThat(error.path("message").asText()).contains("X-API-Key");
            assertThat(error.path("violations").isArray()).isTrue();
        }

        @Test
        void decisionsWithoutAKeyOrWithAWrongKeyAreRefused401() throws Exception {
            assertUnauthorized(Http.post(port, "/v1/decisions", "application/json", FACTS));
            assertUnauthorized(Http.post(port, "/v1/decisions", "application/json", FACTS, "X-API-Key", "key-on"));
            assertUnauthorized(Http.post(port, "/v1/decisions", "application/json", FACTS, "X-API-Key", "key-one2"));
            assertUnauthorized(Http.post(port, "/v1/decisions", "application/json", FACTS, "X-API-Key", ""));
            assertUnauthorized(Http.post(port, "/v1/decisions/batch", "application/json", BATCH));
            assertUnauthorized(Http.post(port, "/v1/decisions/batch", "application/x-ndjson", FACTS,
                    "X-API-Key", "nope"));
        }

        @Test
        void eachConfiguredKeyOpensBothDecisionEndpoints() throws Exception {
            for (String key : new String[] {"key-one", "key-two"}) {
                assertThat(Http.post(port, "/v1/decisions", "application/json", FACTS, "X-API-Key", key).statusCode())
                        .isEqualTo(200);
                HttpResponse<String> batch = Http.post(port, "/v1/decisions/batch", "application/json", BATCH,
                        "X-API-Key", key);
                assertThat(batch.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(batch.body()).get(0).path("status").asInt()).isEqualTo(200);
            }
        }

        @Test
        void healthMetricsRulesetAndTheApiDocumentStayOpen() throws Exception {
            assertThat(Http.get(port, "/actuator/health").statusCode()).isEqualTo(200);
            assertThat(Http.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(Http.get(port, "/v1/ruleset").statusCode()).isEqualTo(200);
            assertThat(Http.get(port, "/v3/api-docs").statusCode()).isEqualTo(200);
        }

        @Test
        void adminEndpointsKeepTheirOwnGuard() throws Exception {
            HttpResponse<String> r = Http.post(port, "/v1/ruleset/reload", "application/json", new byte[0],
                    "X-API-Key", "key-one");
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(r.body()).path("error").asText()).isEqualTo("ADMIN_DISABLED");
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
    class WithoutKeys {
        @LocalServerPort
        int port;

        @Test
        void decisionEndpointsAreOpenByDefault() throws Exception {
            assertThat(Http.post(port, "/v1/decisions", "application/json", FACTS).statusCode()).isEqualTo(200);
            assertThat(Http.post(port, "/v1/decisions/batch", "application/json", BATCH).statusCode()).isEqualTo(200);
        }
    }

    /** DECISIONS_API_KEYS is looked up by that name (an environment variable or any other property source). */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false",
                    "DECISIONS_API_KEYS=from-the-environment"})
    class WithTheEnvironmentVariable {
        @LocalServerPort
        int port;

        @Test
        void itsKeysAreRequired() throws Exception {
            assertThat(Http.post(port, "/v1/decisions", "application/json", FACTS).statusCode()).isEqualTo(401);
            assertThat(Http.post(port, "/v1/decisions", "application/json", FACTS,
                    "X-API-Key", "from-the-environment").statusCode()).isEqualTo(200);
        }
    }
}

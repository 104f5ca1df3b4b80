package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.ContractExample;
import io.cilicensing.ops.ObservedDecisions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Every error the service or its server answers is the error JSON (README > Endpoints), with
 * its documented code (ErrorCode): Spring's refusals (404, 405, 406, 415), Tomcat's
 * own (400), the container's error page; and what the decision endpoints refuse (a body
 * that is not UTF-8 JSON, a Content-Encoding).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"decisions.max-body-bytes=200000", "decisions.max-interactions=3", "rules.watch=false",
                "rules.gate=false"})
class ErrorResponsesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] EXAMPLE = ContractExample.json().getBytes(StandardCharsets.UTF_8);
    static final String BATCH = "[" + ContractExample.json() + "]";

    @LocalServerPort
    int port;

    /** The real decisions, made to run out of memory where a test says so (reset after each test). */
    @MockitoSpyBean
    ObservedDecisions decisions;

    private RawHttp.Answer send(byte[] request) throws Exception {
        return RawHttp.send(port, request);
    }

    /** The answer is {@code status} with the error JSON of {@code code}; returns the body. */
    static JsonNode assertError(RawHttp.Answer a, int status, String code) throws Exception {
        assertThat(a.status()).as("status; body: %s", a.text()).isEqualTo(status);
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.path("error").asText()).isEqualTo(code);
        assertThat(body.path("message").isTextual()).isTrue();
        assertThat(body.path("message").asText()).isNotBlank().doesNotContainIgnoringCase("exception")
                .doesNotContain("org.").doesNotContain("java.").doesNotContain("Tomcat");
        assertThat(body.path("violations").isArray()).isTrue();
        return body;
    }

    @Test
    void anUnknownPathIs404Json() throws Exception {
        assertError(send(RawHttp.head("GET", "/v1/nothing-here")), 404, "NOT_FOUND");
        assertError(send(RawHttp.head("GET", "/no-such-page")), 404, "NOT_FOUND");
        // "/" is the workbench's front door, not an unknown path
        assertThat(send(RawHttp.head("GET", "/")).status()).isEqualTo(302);
    }

    @Test
    void anUnknownActuatorHealthPathIs404Json() throws Exception {
        assertError(send(RawHttp.head("GET", "/actuator/health/nope")), 404, "NOT_FOUND");
        assertError(send(RawHttp.head("GET", "/actuator/health/..;/env")), 404, "NOT_FOUND");
        assertError(send(RawHttp.head("GET", "/actuator/health/liveness/nope")), 404, "NOT_FOUND");
        // the health groups themselves still answer
        assertThat(send(RawHttp.head("GET", "/actuator/health/liveness")).status()).isEqualTo(200);
    }

    @Test
    void aCrossOriginPreflightIsRefusedWith403Json() throws Exception {
        for (String path : new String[] {"/v1/decisions", "/v1/ruleset", "/actuator/health"}) {
            RawHttp.Answer a = send(RawHttp.head("OPTIONS", path, "Origin: https://elsewhere.example",
                    "Access-Control-Request-Method: POST"));
            assertError(a, 403, "CORS_REFUSED");
            assertThat(a.header("Access-Control-Allow-Origin")).as("no origin is allowed").isNull();
        }
        // a same-origin preflight (the Host the request names: localhost) is not refused
        assertThat(send(RawHttp.head("OPTIONS", "/v1/decisions", "Origin: http://localhost",
                "Access-Control-Request-Method: POST")).status()).isEqualTo(200);
    }

    @Test
    void aMethodAnEndpointDoesNotTakeIs405JsonWithAllow() throws Exception {
        RawHttp.Answer delete = send(RawHttp.head("DELETE", "/v1/decisions"));
        assertError(delete, 405, "METHOD_NOT_ALLOWED");
        assertThat(delete.header("Allow")).isEqualTo("POST");

        RawHttp.Answer get = send(RawHttp.head("GET", "/v1/decisions/batch"));
        assertError(get, 405, "METHOD_NOT_ALLOWED");
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    @Test
    void traceIsRefusedWithJsonAndNeverEchoesTheRequest() throws Exception {
        RawHttp.Answer a = send(RawHttp.head("TRACE", "/v1/decisions", "X-API-Key: secret-key-value"));

        assertError(a, 405, "METHOD_NOT_ALLOWED");
        assertThat(a.header("Allow")).isEqualTo("POST");
        assertThat(a.text()).doesNotContain("secret-key-value");
    }

    @Test
    void anAcceptHeaderWithoutJsonIs406Json() throws Exception {
        assertError(send(RawHttp.request("POST", "/v1/decisions", EXAMPLE, "Content-Type: application/json",
                "Accept: text/html")), 406, "NOT_ACCEPTABLE");
        assertError(send(RawHttp.head("GET", "/v1/ruleset", "Accept: text/html")), 406, "NOT_ACCEPTABLE");
    }

    @Test
    void aTextPlainBodyIsNotDecidedButRefused415() throws Exception {
        RawHttp.Answer a = send(RawHttp.request("POST", "/v1/decisions", EXAMPLE, "Content-Type: text/plain"));

        JsonNode body = assertError(a, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(body.path("message").asText()).contains("text/plain").contains("application/json");
        assertThat(a.header("Accept")).isEqualTo("application/json");
    }

    @Test
    void aDecisionWithoutContentTypeIsRefused415() throws Exception {
        RawHttp.Answer a = send(RawHttp.request("POST", "/v1/decisions", EXAMPLE));

        JsonNode body = assertError(a, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertThat(body.path("message").asText()).contains("no Content-Type");
    }

    @Test
    void aBatchTakesJsonAndNdjsonOnlyAndRefusesOtherContentTypes415() throws Exception {
        byte[] batch = BATCH.getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml"}) {
            RawHttp.Answer a = send(RawHttp.request("POST", "/v1/decisions/batch", batch, "Content-Type: " + type));
            assertError(a, 415, "UNSUPPORTED_MEDIA_TYPE");
            assertThat(a.header("Accept")).contains("application/json").contains("application/x-ndjson");
        }
        assertThat(send(RawHttp.request("POST", "/v1/decisions/batch", batch, "Content-Type: application/json")).status())
                .isEqualTo(200);
    }

    @Test
    void aGzipBodyIsRefused415OnEveryEndpointBeforeItIsRead() throws Exception {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
            gz.write(EXAMPLE);
        }
        for (String path : new String[] {"/v1/decisions", "/v1/decisions/batch"}) {
            for (String encoding : new String[] {"gzip", "deflate", "br", "identity, gzip"}) {
                RawHttp.Answer a = send(RawHttp.request("POST", path, zipped.toByteArray(),
                        "Content-Type: application/json", "Content-Encoding: " + encoding));
                assertError(a, 415, "UNSUPPORTED_MEDIA_TYPE");
                assertThat(a.header("Accept-Encoding")).isEqualTo("identity");
            }
        }
        // identity is no encoding at all
        assertThat(send(RawHttp.request("POST", "/v1/decisions", EXAMPLE, "Content-Type: application/json",
                "Content-Encoding: identity")).status()).isEqualTo(200);
    }

    @Test
    void utf16IsRefused415AlikeForASingleDecisionAJsonArrayBatchAndAnNdjsonBatch() throws Exception {
        String single = ContractExample.json();
        for (Charset charset : new Charset[] {StandardCharsets.UTF_16, StandardCharsets.UTF_16LE,
                StandardCharsets.UTF_16BE, Charset.forName("UTF-32")}) {
            assertError(send(RawHttp.request("POST", "/v1/decisions", single.getBytes(charset),
                    "Content-Type: application/json")), 415, "UNSUPPORTED_MEDIA_TYPE");
            assertError(send(RawHttp.request("POST", "/v1/decisions/batch", BATCH.getBytes(charset),
                    "Content-Type: application/json")), 415, "UNSUPPORTED_MEDIA_TYPE");
            assertError(send(RawHttp.request("POST", "/v1/decisions/batch", (single.replace("\n", "") + "\n").getBytes(charset),
                    "Content-Type: application/x-ndjson")), 415, "UNSUPPORTED_MEDIA_TYPE");
        }
        // a Content-Type naming another charset, even over UTF-8 bytes
        assertError(send(RawHttp.request("POST", "/v1/decisions", EXAMPLE,
                "Content-Type: application/json; charset=UTF-16")), 415, "UNSUPPORTED_MEDIA_TYPE");
        // UTF-8, named or not, is decided
        assertThat(send(RawHttp.request("POST", "/v1/decisions", EXAMPLE,
                "Content-Type: application/json; charset=utf-8")).status()).isEqualTo(200);
    }

    @Test
    void anEncodedSlashInThePathIs400Json() throws Exception {
        assertError(send(RawHttp.head("GET", "/v1/a%2fb")), 400, "BAD_REQUEST");
        assertError(send(RawHttp.head("POST", "/v1%2Fdecisions")), 400, "BAD_REQUEST");
    }

    @Test
    void aNegativeContentLengthIs400Json() throws Exception {
        assertError(send(RawHttp.head("POST", "/v1/decisions", "Content-Type: application/json",
                "Content-Length: -5")), 400, "BAD_REQUEST");
    }

    @Test
    void aRequestLineOrHeaderThatIsNotHttpIs400Json() throws Exception {
        assertError(send(RawHttp.head("GET", "/v1/ruleset extra words")), 400, "BAD_REQUEST");
        assertError(send(RawHttp.head("GET", "/v1/ruleset", "Bad Header Name: x")), 400, "BAD_REQUEST");
        assertError(send(RawHttp.head("GET", "/v1/ruleset", "X-Big: " + "a".repeat(20_000))), 400,
                "BAD_REQUEST");
    }

    @Test
    void httpTheServerDoesNotDoIs400JsonNever5xx() throws Exception {
        // Tomcat answers these 501 (not implemented) and 505 (HTTP version not supported)
        assertError(send(RawHttp.concat(RawHttp.head("POST", "/v1/decisions", "Content-Type: application/json",
                "Transfer-Encoding: gzip"), EXAMPLE)), 400, "BAD_REQUEST");
        assertError(send("CONNECT localhost:80 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)), 400, "BAD_REQUEST");
        assertError(send("GET /v1/ruleset HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)), 400, "BAD_REQUEST");
    }

    @Test
    void aBodyShorterThanItsContentLengthIs400Json() throws Exception {
        assertError(send(RawHttp.concat(RawHttp.head("POST", "/v1/decisions", "Content-Type: application/json",
                "Content-Length: " + (EXAMPLE.length + 100)), EXAMPLE)), 400, "BAD_REQUEST");
    }

    @Test
    void aGetWithABodyTheActuatorCannotReadIs400Json() throws Exception {
        assertError(send(RawHttp.request("GET", "/actuator/health", EXAMPLE, "Content-Type: application/json")),
                400, "BAD_REQUEST");
    }

    @Test
    void theErrorPageRequestedDirectlyIs404Json() throws Exception {
        assertError(send(RawHttp.head("GET", "/error")), 404, "NOT_FOUND");
        assertError(send(RawHttp.head("POST", "/error", "Accept: text/html")), 404, "NOT_FOUND");
    }

    @Test
    void swaggerUiTheOpenApiDocumentAndTheActuatorStillServe() throws Exception {
        RawHttp.Answer ui = send(RawHttp.head("GET", "/swagger-ui/index.html"));
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.header("Content-Type")).startsWith("text/html");
        assertThat(send(RawHttp.head("GET", "/swagger-ui.html")).status()).isEqualTo(302);
        assertThat(send(RawHttp.head("GET", "/v3/api-docs")).status()).isEqualTo(200);
        assertThat(send(RawHttp.head("GET", "/actuator/health/readiness")).status()).isEqualTo(200);
        assertThat(send(RawHttp.head("GET", "/actuator/health/liveness")).status()).isEqualTo(200);
        assertError(send(RawHttp.head("GET", "/actuator/env")), 404, "NOT_FOUND");
    }

    private RawHttp.Answer decideExample() throws Exception {
        return send(RawHttp.request("POST", "/v1/decisions", EXAMPLE, "Content-Type: application/json"));
    }

    /** A report without what differs between two decisions of the same body. */
    private static JsonNode comparable(RawHttp.Answer a) throws Exception {
        JsonNode report = JSON.readTree(a.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) report).remove("decisionId");
        return report;
    }

    @Test
    void outOfMemoryInADecisionIs500JsonAndTheServiceGoesOnServing() throws Exception {
        RawHttp.Answer before = decideExample();
        assertThat(before.status()).isEqualTo(200);
        doThrow(new OutOfMemoryError("Java heap space")).when(decisions).decide(any(byte[].class), any(Ruleset.class));

        JsonNode body = assertError(decideExample(), 500, "INTERNAL_ERROR");

        assertThat(body.path("message").asText()).contains("ran out of memory").doesNotContain("heap space");
        org.mockito.Mockito.reset(decisions);
        RawHttp.Answer after = decideExample();
        assertThat(after.status()).isEqualTo(200);
        assertThat(comparable(after)).isEqualTo(comparable(before));
    }

    @Test
    void outOfMemoryInABatchItemIsThatItemsErrorAndTheOthersAreDecided() throws Exception {
        doThrow(new OutOfMemoryError("Java heap space")).when(decisions)
                .decide(any(byte[].class), any(Ruleset.class), anyString(), eq(1));
        String batch = "[" + ContractExample.json() + "," + ContractExample.json() + "," + ContractExample.json() + "]";

        RawHttp.Answer a = send(RawHttp.request("POST", "/v1/decisions/batch", batch.getBytes(StandardCharsets.UTF_8),
                "Content-Type: application/json"));

        assertThat(a.status()).isEqualTo(200);
        JsonNode results = JSON.readTree(a.body());
        assertThat(results.size()).isEqualTo(3);
        assertThat(results.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(results.get(1).path("status").asInt()).isEqualTo(500);
        assertThat(results.get(1).at("/error/error").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(results.get(1).at("/error/message").asText()).contains("ran out of memory");
        assertThat(results.get(2).path("status").asInt()).isEqualTo(200);
    }
}

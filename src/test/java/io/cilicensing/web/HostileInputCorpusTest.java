package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.facts.ContractExample;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A deterministic corpus of hostile HTTP input, built here from a fixed seed: methods and paths,
 * request lines, headers (Accept, Content-Type, Content-Encoding, Content-Length,
 * Transfer-Encoding, sizes), broken and odd bodies (truncated, bytes flipped or inserted, deep,
 * long, not UTF-8), sizes at and past the limits, and batch variants (JSON array and NDJSON).
 * For every input: a documented status, never a 5xx, the error JSON of README > Endpoints for
 * every error (batch items included) with the code of its status and no library internals in
 * its message; a valid decision answers the same before and after the corpus; the whole corpus
 * runs within a time budget.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"decisions.max-body-bytes=200000", "decisions.max-interactions=3", "rules.watch=false",
                "rules.gate=false"})
class HostileInputCorpusTest {
    /** decisions.max-body-bytes above. */
    static final int MAX_BODY = 200_000;
    /** decisions.batch.max-items (the default). */
    static final int MAX_ITEMS = 100_000;
    /** The whole corpus (about 600 requests) answers within this; it takes a few seconds on 2 busy cores. */
    static final Duration BUDGET = Duration.ofSeconds(90);
    static final long SEED = 15;
    /**
     * The fact-set reader's MALFORMED_JSON messages still name Jackson's settings
     * (StreamReadConstraints, StreamReadFeature); the reader's rewrite (issue 15, facts/) takes
     * them out. Until it lands those two names are not checked in MALFORMED_JSON messages;
     * with it merged, set this to false.
     */
    static final boolean READER_MESSAGES_PENDING = false;

    static final Set<Integer> DOCUMENTED = Set.of(200, 302, 400, 403, 404, 405, 406, 413, 415);
    static final Set<Integer> BODY_ANSWERS = Set.of(200, 400, 413, 415);
    static final Set<Integer> ANY = DOCUMENTED;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EXAMPLE = ContractExample.json();
    private static final byte[] EXAMPLE_BYTES = EXAMPLE.getBytes(StandardCharsets.UTF_8);
    private static final String JSON_TYPE = "Content-Type: application/json";
    private static final String NDJSON_TYPE = "Content-Type: application/x-ndjson";

    /** One input: the request's bytes exactly as sent, and the statuses it may be answered with. */
    record Input(String name, byte[] request, Set<Integer> statuses) {}

    @LocalServerPort
    int port;

    private JsonNode before;
    private long nanos;

    @TestFactory
    Stream<DynamicNode> everyHostileInputGetsADocumentedStatusAndTheErrorJson() {
        List<Input> corpus = corpus();
        return Stream.of(
                dynamicTest("a valid decision before the corpus", () -> before = validDecision()),
                dynamicContainer("corpus of " + corpus.size() + " inputs", corpus.stream()
                        .map(input -> dynamicTest(input.name(), () -> check(input)))),
                dynamicTest("the same valid decision after the corpus answers the same",
                        () -> assertThat(validDecision()).isEqualTo(before)),
                dynamicTest("the whole corpus answered within " + BUDGET.toSeconds() + " s", () -> {
                    System.out.printf("hostile corpus: %d inputs answered in %d ms%n", corpus.size(), nanos / 1_000_000);
                    assertThat(Duration.ofNanos(nanos)).isLessThan(BUDGET);
                }));
    }

    private JsonNode validDecision() throws Exception {
        RawHttp.Answer a = RawHttp.send(port, RawHttp.request("POST", "/v1/decisions", EXAMPLE_BYTES, JSON_TYPE));
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        ObjectNode report = (ObjectNode) JSON.readTree(a.body());
        report.remove("decisionId");
        return report;
    }

    private void check(Input input) throws Exception {
        long start = System.nanoTime();
        RawHttp.Answer a;
        try {
            a = RawHttp.send(port, input.request());
        } finally {
            nanos += System.nanoTime() - start;
        }
        assertThat(a.status()).as("status; answer %s", a.text()).isIn(input.statuses());
        assertThat(a.status()).as("no 5xx").isLessThan(500);
        boolean head = startsWith(input.request(), "HEAD ");
        if (a.status() >= 400 && !head) {
            assertErrorJson(JSON.readTree(a.body()), a.status());
        } else if (a.status() == 200 && !head && startsWith(input.request(), "POST /v1/decisions/batch")) {
            assertBatchResults(a);
        }
    }

    /** The error JSON: error (a code of ErrorCode, of this status), message, violations [{path, message}]. */
    static void assertErrorJson(JsonNode body, int status) {
        assertThat(body.isObject()).as("an object: %s", body).isTrue();
        String code = body.path("error").asText();
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name)).as("code of %s", body).contains(code);
        assertThat(ErrorCode.valueOf(code).status().value()).as("status of %s", code).isEqualTo(status);
        assertThat(body.path("message").asText()).as("message of %s", body).isNotBlank()
                .doesNotContain("org.").doesNotContain("java.").doesNotContain("Tomcat").doesNotContain("Exception");
        if (!(READER_MESSAGES_PENDING && code.equals("MALFORMED_JSON"))) {
            assertThat(body.path("message").asText()).as("message of %s", body)
                    .doesNotContain("StreamReadConstraints").doesNotContain("StreamReadFeature").doesNotContain("[Source");
        }
        assertThat(body.path("violations").isArray()).as("violations of %s", body).isTrue();
        body.path("violations").forEach(v -> assertThat(v.path("path").isTextual() && v.path("message").isTextual())
                .as("violation %s", v).isTrue());
        Iterator<String> fields = body.fieldNames();
        while (fields.hasNext()) {
            assertThat(fields.next()).isIn("error", "message", "violations", "rules");
        }
    }

    private static void assertBatchResults(RawHttp.Answer a) throws Exception {
        List<JsonNode> results = new ArrayList<>();
        if (a.header("Content-Type").startsWith("application/x-ndjson")) {
            for (String line : a.text().split("\n")) {
                if (!line.isBlank()) {
                    results.add(JSON.readTree(line));
                }
            }
        } else {
            JSON.readTree(a.body()).forEach(results::add);
        }
        for (int i = 0; i < results.size(); i++) {
            JsonNode r = results.get(i);
            assertThat(r.path("index").asInt()).isEqualTo(i);
            int status = r.path("status").asInt();
            assertThat(status).as("item %s", r).isIn(BODY_ANSWERS);
            if (status == 200) {
                assertThat(r.path("report").path("verdict").isTextual()).isTrue();
            } else {
                assertErrorJson(r.path("error"), status);
            }
        }
    }

    private static boolean startsWith(byte[] request, String prefix) {
        return new String(request, 0, Math.min(request.length, prefix.length()), StandardCharsets.ISO_8859_1)
                .equals(prefix);
    }

    // ---------------------------------------------------------------- the corpus

    static List<Input> corpus() {
        Random random = new Random(SEED);
        List<Input> corpus = new ArrayList<>();
        methodsAndPaths(corpus);
        requestLines(corpus);
        headers(corpus);
        bodies(corpus, random);
        sizes(corpus);
        batches(corpus, random);
        return corpus;
    }

    private static void add(List<Input> corpus, String name, byte[] request, Set<Integer> statuses) {
        corpus.add(new Input(corpus.size() + " " + name, request, statuses));
    }

    private static void methodsAndPaths(List<Input> corpus) {
        List<String> methods = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE",
                "PROPFIND", "GETT");
        List<String> paths = List.of("/v1/decisions", "/v1/decisions/batch", "/v1/ruleset", "/v1/ruleset/reload",
                "/v1/ruleset/validate", "/v1/nothing", "/", "/error", "/actuator/health", "/actuator/env",
                "/v3/api-docs", "/swagger-ui.html");
        for (String method : methods) {
            for (String path : paths) {
                add(corpus, method + " " + path, RawHttp.request(method, path, EXAMPLE_BYTES, JSON_TYPE), ANY);
            }
        }
        List<String> odd = List.of("/v1/decisions/", "/V1/DECISIONS", "/v1/decisions;jsessionid=1",
                "/v1/decisions;a=b", "/v1/./decisions", "/v1/../v1/decisions", "/v1/%2e%2e/v1/decisions",
                "/v1/a%2fb", "/v1%2Fdecisions", "/v1/a%5cb", "/v1/%00", "/v1/%zz", "/v1/decisions?%",
                "/v1/decisions?x=%zz&y", "//v1/decisions", "/v1//decisions", "/v1/decisions/batch/extra",
                "/v1/ruleset?" + "a=1&".repeat(2000), "/" + "a".repeat(7000), "/" + "a".repeat(70_000), "*",
                "http://localhost/v1/ruleset", "/v1/d\u00e9cisions", "/v1/%C0%AF", "/v1/%ED%A0%80", "/..", "/%2e%2e/",
                "/actuator/../v1/ruleset", "/swagger-ui/../../v1/ruleset");
        // what the actuator answers with a status alone, and refused CORS: the error JSON too
        for (String path : List.of("/actuator/health/nope", "/actuator/health/..;/env", "/actuator/health/%2e%2e;/env",
                "/actuator/health/readiness/x", "/actuator/prometheus/x", "/actuator/nope")) {
            add(corpus, "GET " + path, RawHttp.head("GET", path), Set.of(404));
        }
        for (String origin : List.of("https://elsewhere.example", "null", "http://localhost:1", "x")) {
            for (String path : List.of("/v1/decisions", "/v1/decisions/batch", "/v1/ruleset/reload", "/actuator/health")) {
                add(corpus, "CORS preflight from " + origin + " to " + path, RawHttp.head("OPTIONS", path,
                        "Origin: " + origin, "Access-Control-Request-Method: POST",
                        "Access-Control-Request-Headers: content-type"), Set.of(403));
            }
        }
        for (String path : odd) {
            add(corpus, "GET " + path.substring(0, Math.min(path.length(), 60)), RawHttp.head("GET", path), ANY);
            add(corpus, "POST " + path.substring(0, Math.min(path.length(), 60)),
                    RawHttp.request("POST", path, EXAMPLE_BYTES, JSON_TYPE), ANY);
        }
    }

    private static void requestLines(List<Input> corpus) {
        List<String> lines = List.of("GET /v1/ruleset HTTP/1.0", "GET /v1/ruleset HTTP/2.0",
                "GET /v1/ruleset HTTP/9.9", "GET /v1/ruleset HTTP/1.1 extra", "GET  /v1/ruleset HTTP/1.1",
                "GET /v1/ruleset\tHTTP/1.1", "get /v1/ruleset HTTP/1.1", "G\u0000T /v1/ruleset HTTP/1.1",
                "GET /v1/ru\u0001leset HTTP/1.1", "GET /v1/ru leset HTTP/1.1", "\r\nGET /v1/ruleset HTTP/1.1",
                "CONNECT localhost:80 HTTP/1.1", "PRI * HTTP/2.0", "\u0016\u0003\u0001\u0002\u0000\u0001",
                " ", "GET", "GET /v1/ruleset HTTP/1.1\nX: y");
        for (String line : lines) {
            byte[] request = (line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            add(corpus, "request line " + printable(line), request, ANY);
        }
        // HTTP/0.9: a request line without a version is answered with the body alone, no head
        add(corpus, "HTTP/0.9 GET /v1/ruleset", "GET /v1/ruleset\r\n".getBytes(StandardCharsets.ISO_8859_1),
                Set.of(RawHttp.NO_HEAD));
        add(corpus, "no Host header", "GET /v1/ruleset HTTP/1.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1), Set.of(400));
        add(corpus, "two Host headers", RawHttp.head("GET", "/v1/ruleset", "Host: other"), Set.of(400));
        // blank lines before a request line are skipped (RFC 9112, section 2.2); then nothing came
        add(corpus, "nothing but blank lines", "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                Set.of(RawHttp.NO_ANSWER));
    }

    private static void headers(List<Input> corpus) {
        String d = "/v1/decisions";
        for (String accept : List.of("text/html", "*/*", "application/*", "application/xml", "application/json;q=0",
                ";;;", "", "application/json, text/html", "text/*", "application/x-ndjson")) {
            add(corpus, "Accept: " + accept, RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "Accept: " + accept),
                    Set.of(200, 406));
        }
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                "application/xml", "application/json-seq", "application/problem+json", "application/x-ndjson",
                "garbage", "", "application/json; charset=utf-16", "application/json; charset=ISO-8859-1",
                "application/json; charset=bogus", "application/json; charset=\"utf-8\"", "APPLICATION/JSON",
                "application/json;;;", "application/json; boundary=x", "*/*", "application/*")) {
            add(corpus, "Content-Type: " + type, RawHttp.request("POST", d, EXAMPLE_BYTES, "Content-Type: " + type),
                    Set.of(200, 400, 415));
        }
        add(corpus, "no Content-Type", RawHttp.request("POST", d, EXAMPLE_BYTES), Set.of(415));
        add(corpus, "two Content-Types", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "Content-Type: text/plain"),
                Set.of(200, 400, 415));
        for (String encoding : List.of("gzip", "deflate", "br", "compress", "x-gzip", "identity", "IDENTITY",
                "identity, gzip", "gzip, gzip", "", "zstd", "\u00ff")) {
            add(corpus, "Content-Encoding: " + printable(encoding), RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE,
                    "Content-Encoding: " + encoding), encoding.strip().equalsIgnoreCase("identity") || encoding.isEmpty()
                    ? Set.of(200) : Set.of(415));
        }
        for (String length : List.of("-5", "abc", "1e3", "+5", "0x10", " 5", "99999999999999999999999", "",
                String.valueOf(EXAMPLE_BYTES.length) + ", " + EXAMPLE_BYTES.length)) {
            add(corpus, "Content-Length: " + length, RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                    "Content-Length: " + length), EXAMPLE_BYTES), Set.of(400));
        }
        add(corpus, "two different Content-Lengths", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                "Content-Length: 5", "Content-Length: 6"), EXAMPLE_BYTES), Set.of(400));
        add(corpus, "Content-Length past the end of the body", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                "Content-Length: " + (EXAMPLE_BYTES.length + 100)), EXAMPLE_BYTES), Set.of(400));
        add(corpus, "Content-Length shorter than the body", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                "Content-Length: 10"), EXAMPLE_BYTES), Set.of(400));
        add(corpus, "Content-Length 0", RawHttp.head("POST", d, JSON_TYPE, "Content-Length: 0"), Set.of(400));
        add(corpus, "Content-Length far past the limit, short body", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                "Content-Length: 1000000000000"), EXAMPLE_BYTES), Set.of(413));
        add(corpus, "chunked body", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE, "Transfer-Encoding: chunked"),
                chunked(EXAMPLE_BYTES, 100)), Set.of(200));
        add(corpus, "chunked body without its last chunk", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                "Transfer-Encoding: chunked"), Arrays.copyOf(chunked(EXAMPLE_BYTES, 100), 300)), Set.of(400));
        add(corpus, "bad chunk size", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE, "Transfer-Encoding: chunked"),
                "zz\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), Set.of(400));
        add(corpus, "chunked and Content-Length", RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                "Transfer-Encoding: chunked", "Content-Length: 5"), chunked(EXAMPLE_BYTES, 100)), Set.of(200, 400));
        for (String te : List.of("gzip", "gzip, chunked", "identity", "chunked, chunked", "x-custom")) {
            add(corpus, "Transfer-Encoding: " + te, RawHttp.concat(RawHttp.head("POST", d, JSON_TYPE,
                    "Transfer-Encoding: " + te), chunked(EXAMPLE_BYTES, 100)), Set.of(200, 400));
        }
        add(corpus, "Expect: 100-continue", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "Expect: 100-continue"),
                Set.of(200));
        add(corpus, "Expect: something else", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "Expect: 42-nope"),
                Set.of(200, 400));
        add(corpus, "a folded header", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "X-A: b\r\n  folded"),
                Set.of(200, 400));
        add(corpus, "a header without a colon", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "NoColon"),
                Set.of(400));
        add(corpus, "a header name with a space", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "X A: b"),
                Set.of(400));
        add(corpus, "a NUL in a header value", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "X-A: b\u0000c"),
                Set.of(200, 400));
        add(corpus, "a header value in Latin-1", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "X-A: \u00e9\u00ff"),
                Set.of(200));
        add(corpus, "a 9 KB header", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "X-A: " + "a".repeat(9000)),
                Set.of(400));
        add(corpus, "a 64 KB header", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "X-A: " + "a".repeat(65_536)),
                Set.of(400));
        String[] many = new String[150];
        for (int i = 0; i < many.length; i++) {
            many[i] = "X-H" + i + ": " + i;
        }
        add(corpus, "150 headers", RawHttp.request("POST", d, EXAMPLE_BYTES, prepend(JSON_TYPE, many)), Set.of(200, 400));
        add(corpus, "an API key nobody asked for", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE,
                "X-API-Key: " + "k".repeat(3000)), Set.of(200));
        add(corpus, "an Authorization header on a decision", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE,
                "Authorization: Bearer x"), Set.of(200));
        add(corpus, "admin reload with a wrong token", RawHttp.request("POST", "/v1/ruleset/reload", new byte[0],
                "Authorization: Bearer nope"), Set.of(403));
        add(corpus, "Range on a decision", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "Range: bytes=0-10"),
                Set.of(200));
        add(corpus, "Upgrade: h2c", RawHttp.request("POST", d, EXAMPLE_BYTES, JSON_TYPE, "Upgrade: h2c",
                "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA"), Set.of(200));
        add(corpus, "Upgrade: websocket", RawHttp.head("GET", "/v1/ruleset", "Upgrade: websocket",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"), Set.of(200));
    }

    private static void bodies(List<Input> corpus, Random random) {
        List<byte[]> bodies = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (String fixed : List.of("", " ", "\n\n", "null", "true", "0", "-0", "\"text\"", "[]", "[{}]", "{}", "{",
                "}", "{\"tenant\":}", "{\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"},\"tenant\":{}}", "{\"a\":1}{\"b\":2}",
                "{'tenant': 1}", "{tenant: 1}", "/* c */ {}", "{\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"}} trailing",
                "{\"tenant\":{\"id\":\"\\ud800\",\"homeGeo\":\"US\"}}", "{\"tenant\":{\"id\":\"\\u0000\",\"homeGeo\":\"US\"}}",
                "{\"usage\":{\"interactedPeople\":1e999999}}", "{\"usage\":{\"interactedPeople\":" + "9".repeat(5000) + "}}",
                "{\"usage\":{\"interactedPeople\":-0.0}}", "{\"usage\":{\"interactedPeople\":NaN}}",
                "{\"asOf\":\"+999999999-12-31T23:59:59Z\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"}}",
                "{\"asOf\":\"2024-02-30\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"}}")) {
            names.add("body " + printable(fixed.length() > 40 ? fixed.substring(0, 40) + "…" : fixed));
            bodies.add(fixed.getBytes(StandardCharsets.UTF_8));
        }
        names.add("arrays 100,000 deep");
        bodies.add(("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII));
        names.add("objects 5,000 deep");
        bodies.add(("{\"a\":".repeat(5_000) + "1" + "}".repeat(5_000)).getBytes(StandardCharsets.US_ASCII));
        names.add("a 150 KB tenant id");
        bodies.add(EXAMPLE.replace("\"contoso\"", "\"" + "x".repeat(150_000) + "\"").getBytes(StandardCharsets.UTF_8));
        names.add("10,000 keys in an object");
        StringBuilder keys = new StringBuilder("{\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"}");
        for (int i = 0; i < 10_000; i++) {
            keys.append(",\"k").append(i).append("\":").append(i);
        }
        bodies.add(keys.append('}').toString().getBytes(StandardCharsets.UTF_8));
        names.add("UTF-8 byte order mark, then the example");
        bodies.add(RawHttp.concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, EXAMPLE_BYTES));
        names.add("the example in UTF-16");
        bodies.add(EXAMPLE.getBytes(StandardCharsets.UTF_16));
        names.add("the example in UTF-16LE");
        bodies.add(EXAMPLE.getBytes(StandardCharsets.UTF_16LE));
        names.add("the example in ISO-8859-1 with a non-ASCII id");
        bodies.add(EXAMPLE.replace("contoso", "cont\u00f6so").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 40; i++) {
            int at = random.nextInt(EXAMPLE_BYTES.length);
            names.add("the example cut at byte " + at);
            bodies.add(Arrays.copyOf(EXAMPLE_BYTES, at));
        }
        for (int i = 0; i < 60; i++) {
            byte[] b = EXAMPLE_BYTES.clone();
            int at = random.nextInt(b.length);
            b[at] = (byte) random.nextInt(256);
            names.add("the example with byte " + at + " set to " + (b[at] & 0xff));
            bodies.add(b);
        }
        byte[][] hostile = {{0}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x80, (byte) 0xAE},
                "\\u0000".getBytes(StandardCharsets.US_ASCII), "\\ud800".getBytes(StandardCharsets.US_ASCII),
                "\"".getBytes(StandardCharsets.US_ASCII), "\\".getBytes(StandardCharsets.US_ASCII)};
        for (int i = 0; i < 40; i++) {
            byte[] insert = hostile[i % hostile.length];
            int at = random.nextInt(EXAMPLE_BYTES.length);
            names.add("the example with " + hex(insert) + " inserted at byte " + at);
            bodies.add(insertAt(EXAMPLE_BYTES, at, insert));
        }
        for (int i = 0; i < bodies.size(); i++) {
            add(corpus, "decision: " + names.get(i), RawHttp.request("POST", "/v1/decisions", bodies.get(i), JSON_TYPE),
                    BODY_ANSWERS);
        }
    }

    private static void sizes(List<Input> corpus) {
        add(corpus, "a body of exactly decisions.max-body-bytes", RawHttp.request("POST", "/v1/decisions",
                padded(EXAMPLE_BYTES, MAX_BODY), JSON_TYPE), Set.of(200));
        add(corpus, "a body one byte past decisions.max-body-bytes", RawHttp.request("POST", "/v1/decisions",
                padded(EXAMPLE_BYTES, MAX_BODY + 1), JSON_TYPE), Set.of(413));
        add(corpus, "a chunked body one byte past decisions.max-body-bytes", RawHttp.concat(RawHttp.head("POST",
                "/v1/decisions", JSON_TYPE, "Transfer-Encoding: chunked"), chunked(padded(EXAMPLE_BYTES, MAX_BODY + 1),
                8192)), Set.of(413));
        add(corpus, "a 3 MB body", RawHttp.request("POST", "/v1/decisions", padded(EXAMPLE_BYTES, 3_000_000), JSON_TYPE),
                Set.of(413));
        String record = "{\"personId\":\"p\",\"date\":\"2024-06-03\",\"channel\":\"EMAIL\"}";
        for (int n = 3; n <= 4; n++) {
            String body = "{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"},\"interactions\":["
                    + String.join(",", java.util.Collections.nCopies(n, record)) + "]}";
            add(corpus, n + " interaction records (limit 3)", RawHttp.request("POST", "/v1/decisions",
                    body.getBytes(StandardCharsets.UTF_8), JSON_TYPE), Set.of(n <= 3 ? 200 : 413));
        }
    }

    private static void batches(List<Input> corpus, Random random) {
        String b = "/v1/decisions/batch";
        String one = EXAMPLE.replace("\n", "");
        List<String> arrays = List.of("[]", "[" + one + "]", "[" + one + "," + one + "]", "[" + one + ",{},null,1,[]," + one + "]",
                "{}", "[1,2]", "[[{}]]", "[" + one + "] trailing", "[" + one + ",", "[" + one + ",]", "", "null",
                "[{\"tenant\":}]", "[" + one + "]" + "[" + one + "]", " \n [ \n" + one + " \n ] \n");
        for (String array : arrays) {
            add(corpus, "batch " + printable(array.length() > 40 ? array.substring(0, 40) + "…" : array),
                    RawHttp.request("POST", b, array.getBytes(StandardCharsets.UTF_8), JSON_TYPE), Set.of(200, 400));
        }
        for (int i = 0; i < 20; i++) {
            byte[] array = ("[" + one + "," + one + "]").getBytes(StandardCharsets.UTF_8);
            int at = random.nextInt(array.length);
            array[at] = (byte) random.nextInt(256);
            add(corpus, "batch with byte " + at + " set to " + (array[at] & 0xff),
                    RawHttp.request("POST", b, array, JSON_TYPE), Set.of(200, 400, 415));
        }
        add(corpus, "batch of " + (MAX_ITEMS + 1) + " empty objects", RawHttp.request("POST", b,
                ("[" + "{},".repeat(MAX_ITEMS) + "{}]").getBytes(StandardCharsets.US_ASCII), JSON_TYPE), Set.of(413));
        add(corpus, "batch with an item past decisions.max-body-bytes", RawHttp.request("POST", b,
                ("[" + one + "," + new String(padded(one.getBytes(StandardCharsets.UTF_8), MAX_BODY + 1),
                        StandardCharsets.UTF_8) + "]").getBytes(StandardCharsets.UTF_8), JSON_TYPE), Set.of(200));
        add(corpus, "batch in UTF-16", RawHttp.request("POST", b, ("[" + one + "]").getBytes(StandardCharsets.UTF_16),
                JSON_TYPE), Set.of(415));
        add(corpus, "batch as text/plain", RawHttp.request("POST", b, ("[" + one + "]").getBytes(StandardCharsets.UTF_8),
                "Content-Type: text/plain"), Set.of(415));
        add(corpus, "batch gzip", RawHttp.request("POST", b, ("[" + one + "]").getBytes(StandardCharsets.UTF_8),
                JSON_TYPE, "Content-Encoding: gzip"), Set.of(415));
        List<String> ndjson = List.of("", "\n", one + "\n", one, one + "\r\n" + one + "\r\n", "\n\n" + one + "\n\n\n",
                one + "\n{\n" + one + "\n", "[]\n1\nnull\n\"x\"\n" + one + "\n", one + "\n\u0000\n", "{}\n{}\n{}\n",
                one + "\n" + one.substring(0, 50) + "\n" + one + "\n", "\r\n\r\n", " \t \n" + one);
        for (String body : ndjson) {
            add(corpus, "ndjson " + printable(body.length() > 40 ? body.substring(0, 40) + "…" : body),
                    RawHttp.request("POST", b, body.getBytes(StandardCharsets.UTF_8), NDJSON_TYPE), Set.of(200));
        }
        add(corpus, "ndjson with a line past decisions.max-body-bytes", RawHttp.request("POST", b,
                (one + "\n" + "x".repeat(MAX_BODY + 1) + "\n" + one + "\n").getBytes(StandardCharsets.UTF_8), NDJSON_TYPE),
                Set.of(200));
        add(corpus, "ndjson chunked", RawHttp.concat(RawHttp.head("POST", b, NDJSON_TYPE, "Transfer-Encoding: chunked"),
                chunked((one + "\n" + one + "\n").getBytes(StandardCharsets.UTF_8), 7)), Set.of(200));
        add(corpus, "ndjson in UTF-16LE", RawHttp.request("POST", b, (one + "\n").getBytes(StandardCharsets.UTF_16LE),
                NDJSON_TYPE), Set.of(415));
        add(corpus, "ndjson with a UTF-16 charset", RawHttp.request("POST", b, (one + "\n").getBytes(StandardCharsets.UTF_8),
                NDJSON_TYPE + "; charset=utf-16"), Set.of(415));
    }

    // ---------------------------------------------------------------- helpers

    private static byte[] chunked(byte[] body, int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < body.length; at += size) {
            int n = Math.min(size, body.length - at);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, at, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** {@code body} followed by spaces up to {@code size} bytes. */
    private static byte[] padded(byte[] body, int size) {
        byte[] out = Arrays.copyOf(body, size);
        Arrays.fill(out, body.length, size, (byte) ' ');
        return out;
    }

    private static byte[] insertAt(byte[] body, int at, byte[] insert) {
        byte[] out = new byte[body.length + insert.length];
        System.arraycopy(body, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(body, at, out, at + insert.length, body.length - at);
        return out;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] out = new String[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) {
            s.append(String.format("%02X", b & 0xff));
        }
        return s.toString();
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (char c : s.toCharArray()) {
            out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02X", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}

package io.cilicensing.apidocs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.MissingTool;
import io.cilicensing.web.Http;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The served OpenAPI document passes an independent linter: Redocly CLI's {@code lint} with its
 * built-in recommended rules, no error allowed (warnings are printed). The linter is an npm
 * package pinned in {@code tools/redocly/package.json} and installed there (README > Run the tests;
 * {@code .ci/run} does it),
 * or named with {@code -Dredocly=/path/to/redocly}.
 *
 * <p>Without the linter this test fails on CI ({@code CI=true}, where {@code .ci/run} installs it)
 * and is skipped elsewhere with a message saying how to install it: a developer without Node.js
 * still runs every other test, and the check is never silently lost where it matters.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
class OpenApiLintTest {
    static final Path REDOCLY = Path.of(System.getProperty("redocly", "tools/redocly/node_modules/.bin/redocly"));

    @LocalServerPort
    int port;

    private static void requireLinter() {
        if (Files.isExecutable(REDOCLY)) {
            return;
        }
        MissingTool.skipOrFail("no OpenAPI linter at " + REDOCLY
                + " (install it: npm install --prefix tools/redocly --no-package-lock)");
    }

    @Test
    void theServedDocumentHasNoErrorUnderRedoclysRecommendedRules() throws Exception {
        requireLinter();
        HttpResponse<String> served = Http.get(port, "/v3/api-docs");
        assertThat(served.statusCode()).isEqualTo(200);
        Path dir = Files.createDirectories(Path.of("target", "openapi-lint"));
        Path document = dir.resolve("api-docs.json");
        Files.writeString(document, served.body(), StandardCharsets.UTF_8);

        JsonNode report = lint(document, dir.resolve("lint.json"));

        List<String> problems = new ArrayList<>();
        for (JsonNode p : report.path("problems")) {
            problems.add(p.path("severity").asText() + " " + p.path("ruleId").asText() + " at "
                    + p.path("location").path(0).path("pointer").asText() + ": " + p.path("message").asText());
        }
        problems.forEach(p -> System.out.println("redocly lint: " + p));
        assertThat(report.path("totals").path("errors").isInt()).as("redocly's JSON report has totals").isTrue();
        assertThat(problems).noneMatch(p -> p.startsWith("error"));
        assertThat(report.path("totals").path("errors").asInt()).isZero();
    }

    @Test
    void theLinterReportsAnOperationWithoutSecurityAsAnError() throws Exception {
        requireLinter(); // the check above can fail: the same linter, on a document that breaks its rule
        Path dir = Files.createDirectories(Path.of("target", "openapi-lint"));
        Path document = dir.resolve("insecure.json");
        Files.writeString(document, """
                {"openapi": "3.0.1", "info": {"title": "t", "version": "1", "license": {"name": "none"}},
                 "servers": [{"url": "/"}],
                 "paths": {"/x": {"get": {"operationId": "x", "summary": "x",
                   "responses": {"200": {"description": "ok"}, "404": {"description": "no"}}}}}}
                """);

        JsonNode report = lint(document, dir.resolve("insecure-lint.json"));

        assertThat(report.path("totals").path("errors").asInt()).isPositive();
        assertThat(report.path("problems").findValuesAsText("ruleId")).contains("security-defined");
    }

    /** Runs {@code redocly lint --format=json}; its report goes to {@code out} (stdout), its chatter to a log. */
    private static JsonNode lint(Path document, Path out) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(REDOCLY.toString(), "lint", "--format=json", document.toString())
                .redirectOutput(out.toFile())
                .redirectError(out.resolveSibling(out.getFileName() + ".stderr").toFile());
        // No telemetry and no update check: the linter must not reach for the network.
        pb.environment().put("REDOCLY_TELEMETRY", "off");
        pb.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
        Process process = pb.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("redocly lint did not finish in 120 s");
        }
        String json = Files.readString(out);
        assertThat(json).as("redocly lint's JSON report (exit code %d; stderr in %s.stderr)", process.exitValue(), out)
                .isNotBlank();
        return new ObjectMapper().readTree(json.substring(json.indexOf('{')));
    }
}

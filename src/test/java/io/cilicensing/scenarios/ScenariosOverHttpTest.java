package io.cilicensing.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every scenario posted to the running service gives the answer the in-process suite checks. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "rules.watch=false")
class ScenariosOverHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @TestFactory
    Stream<DynamicTest> everyScenarioPassesWhenPostedToTheService() {
        return ScenarioSuite.scenarios().stream().filter(s -> s.problem() == null)
                .map(s -> DynamicTest.dynamicTest(s.file(), () -> check(s)));
    }

    private void check(Scenario s) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/decisions"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(s.request()))).build();
        HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = JSON.readTree(r.body());
        String expectedError = s.expect().path("error").asText(null);
        if (expectedError != null) {
            assertThat(r.statusCode()).isBetween(400, 499);
            assertThat(answer.path("error").asText()).isEqualTo(expectedError);
            List<String> paths = new ArrayList<>();
            answer.path("violations").forEach(v -> paths.add(v.path("path").asText()));
            s.expect().path("paths").forEach(p -> assertThat(paths).contains(p.asText()));
            return;
        }
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<Difference> diffs = ScenarioMatcher.match(s.expect(), answer);
        if (!diffs.isEmpty()) {
            fail(new ScenarioResult(s, diffs, List.of()).describe());
        }
    }
}

package io.cilicensing.batch;

import static io.cilicensing.TestRules.grantRule;
import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.TestRules;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.Http;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A whole batch is decided with the ruleset live when it started, even if another goes live meanwhile. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "rules.admin-token=batch-token",
                "decisions.log.enabled=false"})
class BatchRulesetVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path rules;


    @DynamicPropertySource
    static void privateRules(DynamicPropertyRegistry registry) {
        rules = TestRules.grantsDirectory("batch-rules", 10_000);
        registry.add("rules.dir", rules::toString);
    }

    @LocalServerPort
    int port;

    @Test
    void itemsAfterAReloadMidBatchAreStillDecidedWithTheRulesetTheBatchStartedWith() throws Exception {
        try (NdjsonConnection c = NdjsonConnection.post(port, "/v1/decisions/batch")) {
            c.send(BatchEndpointTest.facts(0) + "\n");
            assertThat(c.status()).isEqualTo(200);
            String batchVersion = c.header("X-Ruleset-Version");
            JsonNode first = JSON.readTree(c.readLine());
            assertThat(first.at("/report/entitlements/interactedPeople").asLong()).isEqualTo(10_000);

            Files.writeString(rules.resolve("grants.drl"), grantRule(20_000));
            JsonNode reload = JSON.readTree(Http.postAdmin(port, "/v1/ruleset/reload", "batch-token", "").body());
            assertThat(reload.at("/attempt/outcome").asText()).isEqualTo("LIVE");
            String newVersion = reload.path("liveVersion").asText();
            assertThat(newVersion).isNotEqualTo(batchVersion);

            c.send(BatchEndpointTest.facts(1) + "\n");
            c.finish();
            JsonNode second = JSON.readTree(c.readLine());
            assertThat(second.at("/report/ruleset/version").asText()).isEqualTo(batchVersion);
            assertThat(second.at("/report/entitlements/interactedPeople").asLong()).isEqualTo(10_000);
            assertThat(c.readLine()).isNull();

            JsonNode single = JSON.readTree(Http.post(port, "/v1/decisions", BatchEndpointTest.facts(2)).body());
            assertThat(single.at("/ruleset/version").asText()).isEqualTo(newVersion);
            assertThat(single.at("/entitlements/interactedPeople").asLong()).isEqualTo(20_000);
        }
    }
}

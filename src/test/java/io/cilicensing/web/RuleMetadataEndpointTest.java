package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.engine.RulesetCompiler;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What the live ruleset says about its rules, and what validate says about a misspelt grant (rules/ as shipped). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false",
                "rules.admin-token=meta-token"})
class RuleMetadataEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private JsonNode rule(JsonNode ruleset, String name) {
        for (JsonNode r : ruleset.path("rules")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no rule " + name);
    }

    @Test
    void everyRuleIsListedWithItsInterpretationFileAndLine() throws Exception {
        JsonNode ruleset = JSON.readTree(Http.get(port, "/v1/ruleset").body());

        JsonNode ent06 = rule(ruleset, "ENT-06 legacy Marketing license adds its contacts to the interacted quota");
        assertThat(ent06.path("id").asText()).isEqualTo("ENT-06");
        assertThat(ent06.path("interpretation").asText()).startsWith("Legacy contacts count as interacted people");
        assertThat(ent06.path("file").asText()).isEqualTo("entitlements.drl");
        String text = RulesetCompiler.readDirectory(Path.of("rules")).get("entitlements.drl");
        assertThat(text.split("\n", -1)[ent06.path("line").asInt() - 1]).contains("rule \"ENT-06 legacy Marketing license");
        // a rule that embodies no interpretation says so
        assertThat(rule(ruleset, "ENT-16 interacted people used exceed the entitlement").path("interpretation").isNull())
                .isTrue();
        for (JsonNode r : ruleset.path("rules")) {
            assertThat(r.path("line").asInt()).as(r.path("name").asText()).isPositive();
        }
    }

    @Test
    void validateReportsAMisspeltEntitlementWithFileAndLine() throws Exception {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(Path.of("rules"));
        String misspelt = files.get("entitlements.drl").replace("Entitlement.UNIFIED_PEOPLE, $a.getPeople()",
                "Entitlement.UNIFIED_PEOPEL, $a.getPeople()");
        assertThat(misspelt).isNotEqualTo(files.get("entitlements.drl"));
        files.put("entitlements.drl", misspelt);
        ObjectNode body = JSON.createObjectNode();
        body.set("files", JSON.valueToTree(Map.copyOf(files)));
        body.put("scenarios", false);

        HttpResponse<String> r = Http.postAdmin(port, "/v1/ruleset/validate", "meta-token", body.toString());

        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode attempt = JSON.readTree(r.body()).path("attempt");
        assertThat(attempt.path("outcome").asText()).isEqualTo("COMPILE_FAILED");
        int ruleLine = misspelt.substring(0, misspelt.indexOf("rule \"ENT-05")).split("\n", -1).length;
        assertThat(attempt.path("errors")).anySatisfy(e -> {
            assertThat(e.path("file").asText()).isEqualTo("entitlements.drl");
            assertThat(e.path("line").asInt()).isEqualTo(ruleLine);
            assertThat(e.path("message").asText()).contains("UNIFIED_PEOPEL");
        });
    }
}

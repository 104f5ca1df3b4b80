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

    /** The interpretations of the live rules with this catalogue ID (empty when none has one). */
    private static java.util.Set<String> interpretationsOf(JsonNode ruleset, String id) {
        java.util.Set<String> texts = new java.util.HashSet<>();
        for (JsonNode r : ruleset.path("rules")) {
            if (r.path("id").asText().equals(id) && r.hasNonNull("interpretation")) {
                texts.add(r.path("interpretation").asText());
            }
        }
        return texts;
    }

    private static JsonNode withCode(JsonNode items, String field, String value) {
        for (JsonNode item : items) {
            if (item.path(field).asText().equals(value)) {
                return item;
            }
        }
        throw new AssertionError("no " + field + " " + value + " in " + items);
    }

    @Test
    void findingsAndGrantsOfInterpretedRulesCarryTheirInterpretationAndOthersHaveNone() throws Exception {
        JsonNode ruleset = JSON.readTree(Http.get(port, "/v1/ruleset").body());
        // a German tenant: its renewal gets GEO-08's INFO; the legacy contacts pack without a Marketing
        // license gets ENT-15's OFFER_MISMATCH; its active CI base gets GEO-01's violation
        String body = """
                { "asOf": "2024-07-01", "tenant": { "id": "berlin", "homeGeo": "DE" },
                  "licenses": [ { "id": "L1", "sku": "CI_BASE", "purchasedOn": "2023-10-02" } ],
                  "addOns": [ { "id": "A1", "sku": "ACTIVE_CONTACTS_LEGACY", "purchasedOn": "2024-01-01", "peoplePerPack": 5000 },
                              { "id": "A2", "sku": "UNIFIED_PEOPLE", "purchasedOn": "2024-01-01", "peoplePerPack": 5000 } ],
                  "requests": [ { "id": "R1", "type": "STANDALONE_RENEWAL", "sku": "MARKETING_STANDALONE", "contractedOn": "2024-06-01" } ] }
                """;
        HttpResponse<String> r = Http.post(port, "/v1/decisions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode decision = JSON.readTree(r.body());

        JsonNode geo08 = withCode(decision.path("findings"), "code", "STANDALONE_MODEL_CONTINUES");
        JsonNode ent15 = withCode(decision.path("findings"), "code", "OFFER_MISMATCH");
        assertThat(geo08.path("interpretation").asText()).isNotBlank().isIn(interpretationsOf(ruleset, "GEO-08"));
        assertThat(ent15.path("interpretation").asText()).isNotBlank().isIn(interpretationsOf(ruleset, "ENT-15"));
        // GEO-01 quotes its source: its finding has no interpretation field at all
        assertThat(interpretationsOf(ruleset, "GEO-01")).isEmpty();
        assertThat(withCode(decision.path("findings"), "code", "COMBINED_OFFER_NOT_AVAILABLE_IN_GEO").has("interpretation"))
                .isFalse();
        // grants likewise: ENT-01 reads the policy (the people quotas once per tenant), ENT-05 does not
        assertThat(withCode(decision.path("grants"), "ruleId", "ENT-01").path("interpretation").asText())
                .isIn(interpretationsOf(ruleset, "ENT-01"));
        assertThat(interpretationsOf(ruleset, "ENT-05")).isEmpty();
        assertThat(withCode(decision.path("grants"), "ruleId", "ENT-05").has("interpretation")).isFalse();
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

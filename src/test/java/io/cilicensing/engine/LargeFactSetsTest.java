package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.DecisionReport;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Large valid fact sets, decided with the catalogue's rules and the service's default limits
 * (application.properties): none may be refused as RULES_DID_NOT_SETTLE (issue 15, defect 3).
 */
class LargeFactSetsTest {
    private static Ruleset rules;
    private static DecisionService service;
    private static int baseLimit;

    @BeforeAll
    static void compileTheCatalogue() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = LargeFactSetsTest.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        }
        baseLimit = Integer.parseInt(defaults.getProperty("rules.firing-limit"));
        int perFact = Integer.parseInt(defaults.getProperty("rules.firings-per-fact"));
        int maxInteractions = Integer.parseInt(defaults.getProperty("decisions.max-interactions"));
        rules = io.cilicensing.CompiledRules.of(Path.of("rules"));
        service = new DecisionService(new FactSetReader(maxInteractions), new DecisionEngine(baseLimit, perFact),
                Clock.systemUTC());
    }

    private static byte[] factSet(String list, int n, String item) {
        StringBuilder json = new StringBuilder(n * (item.length() + 8) + 200)
                .append("{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"},\"").append(list).append("\":[");
        for (int i = 0; i < n; i++) {
            json.append(i == 0 ? "" : ",").append(item.formatted(i));
        }
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int firings(DecisionReport report, String ruleId) {
        return report.firedRules().stream().filter(f -> f.id().equals(ruleId)).mapToInt(DecisionReport.FiredRule::count)
                .sum();
    }

    @Test
    void fiveThousandTrialLicensesDecide() {
        byte[] body = factSet("licenses", 5000, "{\"id\":\"L%d\",\"sku\":\"TRIAL\",\"purchasedOn\":\"2024-01-01\"}");

        DecisionReport report = service.decide(body, rules);

        assertThat(report.entitlements().getTrialEnvironments()).isEqualTo(5000);
        assertThat(firings(report, "OUT-06")).isEqualTo(5000);
        // the fixed limit this replaces refused it
        assertThatThrownBy(() -> new DecisionService(new FactSetReader(10), new DecisionEngine(baseLimit),
                Clock.systemUTC()).decide(body, rules)).isInstanceOf(RulesDidNotSettleException.class);
    }

    @Test
    void oneHundredThousandEnvironmentsWithOutboundJourneysDecide() {
        byte[] body = factSet("environments", 100_000,
                "{\"id\":\"E%d\",\"type\":\"PRODUCTION\",\"apps\":[\"JOURNEYS_OUTBOUND\"]}");
        assertThat(body.length).isLessThan(16 * 1024 * 1024); // within the default body limit

        DecisionReport report = service.decide(body, rules);

        assertThat(report.usage().getOutboundInstalls()).isEqualTo(100_000);
        assertThat(report.firedRules().stream().mapToInt(DecisionReport.FiredRule::count).sum())
                .isGreaterThan(baseLimit);
    }
}

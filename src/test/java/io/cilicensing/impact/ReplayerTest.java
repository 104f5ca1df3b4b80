package io.cilicensing.impact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.facts.FactSet;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.ReportJson;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fact set read once and decided with several rulesets answers as if read afresh for each. */
class ReplayerTest {
    private static final ObjectMapper JSON = ReportJson.mapper();
    private static final Replayer REPLAYER = new Replayer(100_000, 10_000);
    private static final Instant AT = Instant.parse("2024-07-01T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void everyScenarioAndBenchFactSetDecidedAgainAndAgainAnswersAsReadAfresh() throws Exception {
        Ruleset baseline = io.cilicensing.CompiledRules.of(RealRules.RULES);
        Ruleset geoLater = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "licensesVisibleInAllGeosFrom",
                "LocalDate.of(2024, 8, 1)"));
        List<byte[]> bodies = new java.util.ArrayList<>();
        for (Scenario s : new ScenarioLoader().loadAll(Path.of("test-scenarios"))) {
            if (s.problem() == null && s.request() != null && !s.expect().has("error")) {
                bodies.add(JSON.writeValueAsBytes(s.request()));
            }
        }
        for (String f : List.of("small.json", "typical.json", "interactions-1k.json")) {
            bodies.add(Files.readAllBytes(Path.of("bench", f)));
        }
        assertThat(bodies).hasSizeGreaterThan(100);

        int compared = 0;
        for (byte[] body : bodies) {
            Replayer.Read once;
            try {
                once = REPLAYER.read(body, AT);
            } catch (BadFactsException e) {
                continue;
            }
            for (Ruleset rules : List.of(baseline, geoLater, baseline, geoLater)) {
                assertThat(answer(REPLAYER.decide(once, rules))).as(new String(body, 0, Math.min(body.length, 200)))
                        .isEqualTo(answer(REPLAYER.decide(body, AT, rules)));
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(400);
    }

    @Test
    void theSubscriptionFlagsAreTheOnlyStateTheRulesCanChangeInAFactSet() {
        Set<String> mutable = new TreeSet<>();
        Set<Class<?>> seen = new HashSet<>();
        Deque<Type> todo = new ArrayDeque<>(List.of(FactSet.class));
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            if (t instanceof ParameterizedType p) {
                todo.addAll(List.of(p.getActualTypeArguments()));
                todo.push(p.getRawType());
                continue;
            }
            if (!(t instanceof Class<?> c) || !seen.add(c)) {
                continue;
            }
            if (c.isArray()) {
                todo.push(c.getComponentType());
                continue;
            }
            if (!c.getPackageName().equals(FactSet.class.getPackageName()) || c.isEnum()) {
                continue;
            }
            for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
                for (Field f : k.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers())) {
                        continue;
                    }
                    if (!Modifier.isFinal(f.getModifiers())) {
                        mutable.add(k.getSimpleName() + "." + f.getName());
                    }
                    todo.push(f.getGenericType());
                }
            }
        }
        assertThat(seen).as("the walk reaches the licenses").anyMatch(c -> c.getSimpleName().equals("License"));
        // a new mutable field must be put back by Replayer.Read before each decision, and listed here
        assertThat(mutable).containsExactly("Subscription.active", "Subscription.boughtBeforeCombinedOffer",
                "Subscription.ended", "Subscription.held");
    }

    /** The answer without what differs between two decisions of the same facts (the decision id). */
    private static JsonNode answer(DecisionReport report) {
        ObjectNode n = JSON.valueToTree(report);
        n.remove("decisionId");
        return n;
    }

    @Test
    void aFactSetTheServiceDecidesIsDecidedAgainWithTheServicesFiringLimitPerFact() {
        // 5,000 trial licenses fire more than a fixed 10,000 rules; the service's limit grows with the facts
        StringBuilder body = new StringBuilder("{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"},\"licenses\":[");
        for (int i = 0; i < 5000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"L").append(i)
                    .append("\",\"sku\":\"TRIAL\",\"purchasedOn\":\"2024-01-01\"}");
        }
        byte[] bytes = body.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Ruleset rules = io.cilicensing.CompiledRules.of(Path.of("rules"));

        DecisionReport report = new Replayer(100_000, 10_000, 20).decide(bytes, AT, rules);

        assertThat(report.entitlements().getTrialEnvironments()).isEqualTo(5000);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> REPLAYER.decide(bytes, AT, rules))
                .isInstanceOf(io.cilicensing.engine.RulesDidNotSettleException.class);
    }
}

package io.cilicensing.kafka;

import static io.cilicensing.kafka.FleetHarness.redecisions;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.engine.Ruleset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Tenants whose latest facts cannot be decided under the new version (invalid, too large, a rule
 * that loops, one that runs past the time budget, one that fails) are not re-decided and are
 * counted by error in the summary; they cost themselves only: the run completes and every other
 * changed tenant gets its new decision.
 */
class FleetUndecidableTenantsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MAX_BODY = 2048;

    @Test
    void undecidableTenantsAreNotRedecidedAndAreCountedByErrorWhileTheRunCompletes() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("und");
        FleetHarness.createTopics(topics);
        Ruleset a = FleetHarness.ruleset("und-a", null);
        Ruleset b = FleetHarness.ruleset("und-b", FleetHarness.moreFor("ENT-07", 50, "ok-"));
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            facts.put("ok-" + i, KafkaTestSupport.facts("ok-" + i, i)); // B changes them
        }
        for (int i = 0; i < 4; i++) {
            facts.put("u-" + i, KafkaTestSupport.facts("u-" + i, i)); // unchanged
        }
        for (String poison : List.of("loop", "slow", "fail")) { // KafkaTestSupport.POISON_RULES
            facts.put(poison, KafkaTestSupport.facts(poison, 1));
        }
        facts.put("invalid", "{\"asOf\":\"2024-07-01T09:00:00Z\",\"tenant\":{\"id\":\"invalid\"},"
                + "\"licenses\":[{\"id\":\"L1\"}]}");
        for (String huge : List.of("ok-huge", "u-huge")) { // past decisions.max-body-bytes, changed or not
            String f = KafkaTestSupport.facts(huge, 1);
            facts.put(huge, f.substring(0, f.length() - 1) + " ".repeat(MAX_BODY) + "}");
        }
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        facts.forEach((tenant, f) -> records.add(KafkaTestSupport.record(topics.facts(), tenant, utf8(f))));
        KafkaTestSupport.send(topics.facts(), records);

        try (FleetHarness.Instance instance = new FleetHarness.Instance(topics, a, Duration.ofSeconds(1), MAX_BODY,
                Map.of(), Map.of(), null, null);
             FleetHarness.Instance before = new FleetHarness.Instance(topics, a)) {
            // the decisions of the decidable tenants under A, as the ordinary consumer published them (decided
            // within the usual budget: a first decision in a busy test JVM may take longer than the run's 1 s)
            facts.forEach((tenant, f) -> {
                if (tenant.matches("(ok|u)-\\d")) {
                    FleetHarness.publishDecision(topics.decisions(), tenant, before.decide(f, a));
                }
            });

            instance.goLive(b);

            List<JsonNode> summaries = FleetHarness.summaries(topics.changes(), b.version(), 1, WAIT);
            assertThat(summaries).hasSize(1);
            JsonNode summary = summaries.get(0);
            assertThat(summary.path("byError").toString()).isEqualTo("{\"DECISION_TIMEOUT\":1,\"INVALID_FACTS\":1,"
                    + "\"RULES_DID_NOT_SETTLE\":1,\"RULE_FAILED\":1,\"TOO_LARGE\":2}");
            assertThat(summary.path("redecided").asInt()).isEqualTo(12);
            assertThat(summary.path("changed").asInt()).isEqualTo(8);
            assertThat(summary.path("byRule").toString()).isEqualTo("{\"ENT-07\":8}");
            assertThat(summary.path("fromVersion").asText()).isEqualTo(a.version());
            assertThat(summary.path("toVersion").asText()).isEqualTo(b.version());
            Instant started = Instant.parse(summary.path("started").asText());
            Instant ended = Instant.parse(summary.path("ended").asText());
            assertThat(started).isBeforeOrEqualTo(ended);
            FleetHarness.await("the run done", () -> "DONE".equals(instance.state()), WAIT);

            Map<String, List<ConsumerRecord<byte[], byte[]>>> decisions = FleetHarness.byTenant(topics.decisions());
            Set<String> redecided = new TreeSet<>();
            decisions.forEach((tenant, of) -> {
                assertThat(redecisions(of)).as(tenant).hasSizeLessThanOrEqualTo(1);
                if (!redecisions(of).isEmpty()) {
                    redecided.add(tenant);
                }
            });
            assertThat(redecided).containsExactly("ok-0", "ok-1", "ok-2", "ok-3", "ok-4", "ok-5", "ok-6", "ok-7");
        }
    }
}

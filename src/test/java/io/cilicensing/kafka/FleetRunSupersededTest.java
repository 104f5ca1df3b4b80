package io.cilicensing.kafka;

import static io.cilicensing.kafka.FleetHarness.content;
import static io.cilicensing.kafka.FleetHarness.redecisions;
import static io.cilicensing.kafka.KafkaTestSupport.header;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.engine.Ruleset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * A second version going live while the run of the first is deciding: the older run stops before
 * it publishes anything, and the newer run leaves every tenant with the decision of its latest
 * facts under the newest version, also a tenant that only the superseded version changed (its
 * last decision is still the one of the version before both).
 */
class FleetRunSupersededTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aVersionGoingLiveDuringARunSupersedesItAndEveryTenantEndsWithTheNewestVersionsDecision() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("sup");
        FleetHarness.createTopics(topics);
        // u: no version changes it; b: only B (C decides as A); bc: B and C alike; c: only C
        Ruleset a = FleetHarness.ruleset("sup-a", null);
        Ruleset b = FleetHarness.ruleset("sup-b", FleetHarness.moreFor("ENT-07", 50, "b-", "bc-"));
        Ruleset c = FleetHarness.ruleset("sup-c", FleetHarness.moreFor("ENT-07", 50, "bc-")
                + FleetHarness.moreFor("ENT-08", 50, "c-").replaceFirst("package t;", ""));
        Map<String, String> facts = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String kind : List.of("u", "b", "bc", "c")) {
            for (int p = 0; p < 4; p++) {
                String tenant = kind + "-" + p;
                facts.put(tenant, KafkaTestSupport.facts(tenant, 10 + p));
                records.add(new ProducerRecord<>(topics.facts(), p, utf8(tenant), utf8(facts.get(tenant))));
            }
        }
        KafkaTestSupport.send(topics.facts(), records);

        FleetHarness.Gate gate = new FleetHarness.Gate();
        try (FleetHarness.Instance instance = new FleetHarness.Instance(topics, a, Duration.ofSeconds(10), 1 << 20,
                Map.of(), Map.of(), null, gate.executor())) {
            // every tenant's decision under A, as the ordinary consumer published it
            facts.forEach((tenant, f) -> FleetHarness.publishDecision(topics.decisions(), tenant,
                    instance.decide(f, a)));
            for (String tenant : List.of("b-0", "bc-0", "c-0")) { // the versions change what the test says
                assertThat(content(instance.decide(facts.get(tenant), a).json()))
                        .isNotEqualTo(content(instance.decide(facts.get(tenant), tenant.startsWith("c") ? c : b)
                                .json()));
            }
            assertThat(content(instance.decide(facts.get("bc-0"), b).json()))
                    .isEqualTo(content(instance.decide(facts.get("bc-0"), c).json()));

            gate.close();
            instance.goLive(b);
            FleetHarness.await("the run of B deciding", () -> gate.waiting.get() > 0, WAIT);
            instance.goLive(c); // while the run of B is in the middle of a chunk
            gate.open();

            List<JsonNode> summaries = FleetHarness.summaries(topics.changes(), c.version(), 1, WAIT);
            assertThat(summaries).hasSize(1);
            FleetHarness.await("the run done", () -> "DONE".equals(instance.state()), WAIT);
            assertThat(FleetHarness.summaries(topics.changes(), b.version(), 1, Duration.ofSeconds(1))).isEmpty();
            JsonNode summary = summaries.get(0);
            assertThat(summary.path("toVersion").asText()).isEqualTo(c.version());
            assertThat(summary.path("redecided").asInt()).isEqualTo(facts.size());
            assertThat(summary.path("byError").size()).isZero();

            Map<String, List<ConsumerRecord<byte[], byte[]>>> decisions = FleetHarness.byTenant(topics.decisions());
            for (Map.Entry<String, String> t : facts.entrySet()) {
                List<ConsumerRecord<byte[], byte[]>> of = decisions.get(t.getKey());
                ConsumerRecord<byte[], byte[]> last = of.get(of.size() - 1);
                assertThat(content(last.value())).as(t.getKey() + "'s last decision")
                        .isEqualTo(content(instance.decide(t.getValue(), c).json()));
            }
            int published = 0;
            for (Map.Entry<String, String> t : facts.entrySet()) {
                List<ConsumerRecord<byte[], byte[]>> of = decisions.get(t.getKey());
                for (ConsumerRecord<byte[], byte[]> r : redecisions(of)) {
                    published++;
                    assertThat(header(r, "ruleset-version")).as(t.getKey()).isEqualTo(c.version());
                    assertThat(header(r, FleetRedecider.PREVIOUS_VERSION)).as(t.getKey()).isEqualTo(a.version());
                }
                if (t.getKey().startsWith("u-")) {
                    assertThat(redecisions(of)).as(t.getKey() + ": unchanged by every version").isEmpty();
                }
                if (t.getKey().startsWith("bc-") || t.getKey().startsWith("c-")) {
                    assertThat(redecisions(of)).as(t.getKey()).hasSize(1);
                }
            }
            assertThat(summary.path("changed").asInt()).isEqualTo(published);
            assertThat(summary.path("fromVersion").asText()).isEqualTo(a.version());
        }
    }
}

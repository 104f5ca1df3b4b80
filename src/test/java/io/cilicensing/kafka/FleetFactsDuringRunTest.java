package io.cilicensing.kafka;

import static io.cilicensing.kafka.FleetHarness.content;
import static io.cilicensing.kafka.FleetHarness.redecisions;
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
 * Facts arriving while the run decides: a tenant's newer facts, decided by the ordinary consumer
 * under the new version, are never overtaken by the run's decision of its older facts; a consumer
 * that keeps the last decision per tenant ends with the decision of each tenant's latest facts.
 */
class FleetFactsDuringRunTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void newerFactsArrivingDuringTheRunAreNeverOvertakenByTheRedecisionOfOlderFacts() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("fdr");
        FleetHarness.createTopics(topics);
        Ruleset a = FleetHarness.ruleset("fdr-a", null);
        Ruleset b = FleetHarness.ruleset("fdr-b", FleetHarness.moreFor("ENT-07", 50, "x-", "m-"));
        Map<String, String> latest = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String kind : List.of("x", "m")) { // both changed by B; the m tenants get newer facts during the run
            for (int p = 0; p < 4; p++) {
                String tenant = kind + "-" + p;
                latest.put(tenant, KafkaTestSupport.facts(tenant, 10 + p));
                records.add(new ProducerRecord<>(topics.facts(), p, utf8(tenant), utf8(latest.get(tenant))));
            }
        }
        KafkaTestSupport.send(topics.facts(), records);

        FleetHarness.Gate gate = new FleetHarness.Gate();
        try (FleetHarness.Instance instance = new FleetHarness.Instance(topics, a, Duration.ofSeconds(10), 1 << 20,
                Map.of(), Map.of(), null, gate.executor())) {
            latest.forEach((tenant, f) -> FleetHarness.publishDecision(topics.decisions(), tenant,
                    instance.decide(f, a)));

            gate.close();
            instance.goLive(b);
            // the run has taken partition 0's end and decides its tenants: now the m tenants' newer facts
            // arrive, and the ordinary consumer decides them under B
            FleetHarness.await("the run deciding", () -> gate.waiting.get() > 0, WAIT);
            List<ProducerRecord<byte[], byte[]>> newer = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                String tenant = "m-" + p;
                latest.put(tenant, KafkaTestSupport.facts(tenant, 100 + p));
                newer.add(new ProducerRecord<>(topics.facts(), p, utf8(tenant), utf8(latest.get(tenant))));
            }
            KafkaTestSupport.send(topics.facts(), newer);
            for (int p = 0; p < 4; p++) {
                String tenant = "m-" + p;
                FleetHarness.publishDecision(topics.decisions(), tenant, instance.decide(latest.get(tenant), b));
            }
            gate.open();

            List<JsonNode> summaries = FleetHarness.summaries(topics.changes(), b.version(), 1, WAIT);
            assertThat(summaries).hasSize(1);
            JsonNode summary = summaries.get(0);
            Map<String, List<ConsumerRecord<byte[], byte[]>>> decisions = FleetHarness.byTenant(topics.decisions());
            for (Map.Entry<String, String> t : latest.entrySet()) {
                List<ConsumerRecord<byte[], byte[]>> of = decisions.get(t.getKey());
                JsonNode expected = content(instance.decide(t.getValue(), b).json());
                assertThat(content(of.get(of.size() - 1).value())).as(t.getKey() + "'s last decision")
                        .isEqualTo(expected);
                for (ConsumerRecord<byte[], byte[]> r : redecisions(of)) { // never one of older facts
                    assertThat(content(r.value())).as(t.getKey() + "'s re-decision").isEqualTo(expected);
                }
            }
            // partition 0's newer facts came after the run took its end: left to the ordinary decision
            assertThat(redecisions(decisions.get("m-0"))).isEmpty();
            assertThat(redecisions(decisions.get("x-0"))).hasSize(1);
            assertThat(summary.path("newerFacts").asInt()).isGreaterThanOrEqualTo(1);
            assertThat(summary.path("redecided").asInt() + summary.path("newerFacts").asInt())
                    .isEqualTo(latest.size());
        }
    }

    @Test
    void factsArrivingRightBeforeAChunkIsSentAreNotOvertakenEither() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("fdr2");
        FleetHarness.createTopics(topics);
        Ruleset a = FleetHarness.ruleset("fdr2-a", null);
        Ruleset b = FleetHarness.ruleset("fdr2-b", FleetHarness.moreFor("ENT-07", 50, "x-", "m-"));
        Map<String, String> latest = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (String tenant : List.of("x-0", "m-0")) {
            latest.put(tenant, KafkaTestSupport.facts(tenant, 10));
            records.add(new ProducerRecord<>(topics.facts(), 0, utf8(tenant), utf8(latest.get(tenant))));
        }
        KafkaTestSupport.send(topics.facts(), records);

        try (FleetHarness.Instance instance = new FleetHarness.Instance(topics, a)) {
            latest.forEach((tenant, f) -> FleetHarness.publishDecision(topics.decisions(), tenant,
                    instance.decide(f, a)));
            // partition 0's chunk is decided and checked for newer facts: m-0's arrive now, and the ordinary
            // consumer publishes their decision before the run sends the chunk's
            java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
            instance.redecider.beforeSend = () -> {
                if (once.compareAndSet(false, true)) {
                    latest.put("m-0", KafkaTestSupport.facts("m-0", 100));
                    KafkaTestSupport.send(topics.facts(), List.of(new ProducerRecord<>(topics.facts(), 0, utf8("m-0"),
                            utf8(latest.get("m-0")))));
                    FleetHarness.publishDecision(topics.decisions(), "m-0", instance.decide(latest.get("m-0"), b));
                }
            };
            instance.goLive(b);

            List<JsonNode> summaries = FleetHarness.summaries(topics.changes(), b.version(), 1, WAIT);
            assertThat(summaries).hasSize(1);
            assertThat(once).isTrue();
            Map<String, List<ConsumerRecord<byte[], byte[]>>> decisions = FleetHarness.byTenant(topics.decisions());
            for (Map.Entry<String, String> t : latest.entrySet()) {
                List<ConsumerRecord<byte[], byte[]>> of = decisions.get(t.getKey());
                assertThat(content(of.get(of.size() - 1).value())).as(t.getKey() + "'s last decision")
                        .isEqualTo(content(instance.decide(t.getValue(), b).json()));
            }
            assertThat(redecisions(decisions.get("m-0"))).isEmpty();
            assertThat(redecisions(decisions.get("x-0"))).hasSize(1);
            assertThat(summaries.get(0).path("newerFacts").asInt()).isEqualTo(1);
            assertThat(summaries.get(0).path("redecided").asInt()).isEqualTo(1);
        }
    }
}

package io.cilicensing.kafka;

import static io.cilicensing.kafka.FleetHarness.redecisions;
import static io.cilicensing.kafka.KafkaTestSupport.header;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.Ruleset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two live instances in one group share a run; one of them stops dead in the middle of a
 * transaction (its changed decisions sent, not committed) and never leaves the group by itself:
 * the broker drops it after max.poll.interval.ms and aborts its transaction after
 * transaction.timeout.ms, the survivor re-decides its partitions from their last commit and
 * publishes the summary, and a read_committed consumer sees every changed tenant re-decided exactly
 * once, also after the dead instance wakes up again.
 */
class FleetTwoInstancesTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** The mapper of a run's progress: at its {@code dieAt}-th progress (inside a transaction) the instance stops dead. */
    static final class DyingMapper extends ObjectMapper {
        final AtomicInteger calls = new AtomicInteger();
        final int dieAt;
        final CountDownLatch dead = new CountDownLatch(1);
        final CountDownLatch wake = new CountDownLatch(1);

        DyingMapper(int dieAt) {
            this.dieAt = dieAt;
        }

        @Override
        public String writeValueAsString(Object value) throws JsonProcessingException {
            if (calls.incrementAndGet() == dieAt) {
                dead.countDown();
                try {
                    wake.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.writeValueAsString(value);
        }
    }

    @Test
    void aSurvivorFinishesTheRunOfAnInstanceDeadMidTransactionAndNoTenantIsRedecidedTwice() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("two");
        FleetHarness.createTopics(topics);
        Ruleset a = FleetHarness.ruleset("two-a", null);
        Ruleset b = FleetHarness.ruleset("two-b", FleetHarness.moreFor("ENT-07", 50, "c-"));
        Map<String, String> facts = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int p = 0; p < 4; p++) { // each partition: two tenants B changes, one it does not
            for (String tenant : List.of("c-" + p + "-0", "c-" + p + "-1", "u-" + p)) {
                facts.put(tenant, KafkaTestSupport.facts(tenant, p));
                records.add(new ProducerRecord<>(topics.facts(), p, utf8(tenant), utf8(facts.get(tenant))));
            }
        }
        KafkaTestSupport.send(topics.facts(), records);

        DyingMapper dying = new DyingMapper(2); // its second transaction: after one partition committed
        FleetHarness.Gate gate = new FleetHarness.Gate();
        Map<String, Object> quickToDrop = Map.of("max.poll.interval.ms", 4000);
        Map<String, Object> quickToAbort = Map.of("transaction.timeout.ms", 4000);
        try (FleetHarness.Instance dead = new FleetHarness.Instance(topics, a, Duration.ofSeconds(10), 1 << 20,
                quickToDrop, quickToAbort, dying, gate.executor());
             FleetHarness.Instance survivor = new FleetHarness.Instance(topics, a)) {
            facts.forEach((tenant, f) -> FleetHarness.publishDecision(topics.decisions(), tenant,
                    survivor.decide(f, a)));

            goLiveUntilOneDies(dead, survivor, gate, dying, b, "died mid-transaction");

            List<JsonNode> summaries = FleetHarness.summaries(topics.changes(), b.version(), 1, WAIT);
            assertThat(summaries).hasSize(1);
            JsonNode summary = summaries.get(0);
            assertThat(summary.path("redecided").asInt()).isEqualTo(facts.size());
            assertThat(summary.path("changed").asInt()).isEqualTo(8);
            assertThat(summary.path("byRule").toString()).isEqualTo("{\"ENT-07\":8}");
            assertThat(survivor.state()).isEqualTo("DONE");
            assertExactlyOnce(topics, facts.size(), facts.keySet().stream().filter(t -> t.startsWith("c-")).toList(), b);

            // the dead instance's transaction was sent before it stopped: only read_committed hides it
            List<ConsumerRecord<byte[], byte[]>> uncommitted = new ArrayList<>();
            try (TopicReader reader = new TopicReader(KafkaTestBroker.servers(), List.of(topics.decisions()), false)) {
                reader.readUntil(uncommitted::add, () -> false, Duration.ofSeconds(3));
            }
            assertThat(redecisions(uncommitted)).hasSizeGreaterThan(8);

            // it wakes up: fenced, it commits nothing and finds the run done
            dying.wake.countDown();
            FleetHarness.await("the woken instance done", () -> "DONE".equals(dead.state()), WAIT);
            assertExactlyOnce(topics, facts.size(), facts.keySet().stream().filter(t -> t.startsWith("c-")).toList(), b);
            assertThat(FleetHarness.summaries(topics.changes(), b.version(), 2, Duration.ofSeconds(3))).hasSize(1);
        }
    }

    @Test
    void aSurvivorResumesAPartitionFromTheChunkAfterTheLastOneTheDeadInstanceCommitted() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("chunks");
        FleetHarness.createTopics(topics);
        Ruleset a = FleetHarness.ruleset("chunks-a", null);
        Ruleset b = FleetHarness.ruleset("chunks-b", FleetHarness.moreFor("ENT-07", 50, "c-"));
        Map<String, String> facts = new LinkedHashMap<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int p = 0; p < 4; p++) { // each partition: seven tenants B changes, three it does not, in four chunks of 3
            for (int t = 0; t < 10; t++) {
                String tenant = (t % 3 == 2 ? "u-" : "c-") + p + "-" + t;
                facts.put(tenant, KafkaTestSupport.facts(tenant, p));
                records.add(new ProducerRecord<>(topics.facts(), p, utf8(tenant), utf8(facts.get(tenant))));
            }
        }
        KafkaTestSupport.send(topics.facts(), records);
        List<String> changed = facts.keySet().stream().filter(t -> t.startsWith("c-")).toList();
        assertThat(changed).hasSize(28);

        // its third transaction: the partition it works on has two chunks committed, two to do
        DyingMapper dying = new DyingMapper(3);
        FleetHarness.Gate gate = new FleetHarness.Gate();
        try (FleetHarness.Instance dead = new FleetHarness.Instance(topics, a, Duration.ofSeconds(10), 1 << 20,
                Map.of("max.poll.interval.ms", 4000), Map.of("transaction.timeout.ms", 4000), dying, gate.executor());
             FleetHarness.Instance survivor = new FleetHarness.Instance(topics, a)) {
            dead.redecider.chunk = 3;
            survivor.redecider.chunk = 3;
            facts.forEach((tenant, f) -> FleetHarness.publishDecision(topics.decisions(), tenant,
                    survivor.decide(f, a)));

            goLiveUntilOneDies(dead, survivor, gate, dying, b, "died mid-partition");

            List<JsonNode> summaries = FleetHarness.summaries(topics.changes(), b.version(), 1, WAIT);
            assertThat(summaries).hasSize(1);
            assertThat(summaries.get(0).path("redecided").asInt()).isEqualTo(facts.size());
            assertThat(summaries.get(0).path("changed").asInt()).isEqualTo(changed.size());
            assertThat(summaries.get(0).path("byRule").toString()).isEqualTo("{\"ENT-07\":28}");
            assertExactlyOnce(topics, facts.size(), changed, b);
            dying.wake.countDown();
            FleetHarness.await("the woken instance done", () -> "DONE".equals(dead.state()), WAIT);
            assertExactlyOnce(topics, facts.size(), changed, b);
        }
    }

    /**
     * {@code b} goes live on both; the one to die joins first and holds its first chunk until the survivor has
     * joined too, then runs until its mapper stops it dead.
     */
    private static void goLiveUntilOneDies(FleetHarness.Instance dead, FleetHarness.Instance survivor,
                                           FleetHarness.Gate gate, DyingMapper dying, Ruleset b, String where)
            throws InterruptedException {
        gate.close();
        dead.goLive(b);
        FleetHarness.await("the first instance deciding", () -> gate.waiting.get() > 0, WAIT);
        survivor.goLive(b);
        Thread.sleep(1000);
        gate.open();
        assertThat(dying.dead.await(WAIT.toSeconds(), TimeUnit.SECONDS)).as(where).isTrue();
    }

    /** read_committed: each of {@code changed} re-decided once under {@code b}, no other of the {@code tenants}. */
    private static void assertExactlyOnce(FleetRedecider.Topics topics, int tenants, List<String> changed, Ruleset b) {
        // behind the dead instance's open transaction until the broker aborts it: the first decisions and the changed
        assertThat(KafkaTestSupport.awaitRecords(topics.decisions(), k -> true, tenants + changed.size(), WAIT))
                .hasSize(tenants + changed.size());
        Map<String, List<ConsumerRecord<byte[], byte[]>>> decisions = FleetHarness.byTenant(topics.decisions());
        Map<String, Integer> redecided = new LinkedHashMap<>();
        decisions.forEach((tenant, of) -> {
            for (ConsumerRecord<byte[], byte[]> r : redecisions(of)) {
                redecided.merge(tenant, 1, Integer::sum);
                assertThat(header(r, "ruleset-version")).isEqualTo(b.version());
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(tenant);
            }
        });
        Map<String, Integer> once = new LinkedHashMap<>();
        changed.forEach(t -> once.put(t, 1));
        assertThat(redecided).containsExactlyInAnyOrderEntriesOf(once);
    }
}

package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.header;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.TestRules;
import io.cilicensing.decisionlog.DecisionLog;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.impact.Redecision;
import io.cilicensing.impact.Replayer;
import io.cilicensing.ops.DecisionMetrics;
import io.cilicensing.ops.ObservedDecisions;
import io.cilicensing.report.ReportJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Instances of the fleet's re-decision without Spring: each a {@link FleetRedecider} with a live
 * ruleset, decision threads and decision waiters of its own, against the test broker, so a test
 * can run two in one group, hold one still (a dead instance that has not left yet) and make
 * versions go live at the moment it chooses. The ordinary consumer's decisions are published by
 * the test ({@link #publishDecision}), as that consumer publishes them.
 */
final class FleetHarness {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.systemUTC();

    private FleetHarness() {}

    /** A ruleset of the grant rule (100 people), {@link KafkaTestSupport#POISON_RULES} and {@code extra} rules. */
    static Ruleset ruleset(String prefix, String extra) {
        Path dir = KafkaTestSupport.rulesDirectory(prefix, 100);
        try {
            if (extra != null) {
                Files.writeString(dir.resolve("extra.drl"), extra);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RulesetCompiler(CLOCK).compile(dir);
    }

    /** A rule {@code id} granting {@code people} more interacted people to the tenants whose id starts with one of {@code prefixes}. */
    static String moreFor(String id, int people, String... prefixes) {
        StringBuilder when = new StringBuilder();
        for (String p : prefixes) {
            when.append(when.length() == 0 ? "" : " || ").append("id.startsWith(\"").append(p).append("\")");
        }
        return TestRules.grantRule(people)
                .replace("rule \"ENT-01 a base license grants people\"", "rule \"" + id + " more people for some\"")
                .replace("@id(\"ENT-01\")", "@id(\"" + id + "\")")
                .replace("License( sku == Sku.CI_BASE )", "License( sku == Sku.CI_BASE )\n    Tenant( " + when + " )");
    }

    /** One instance: its own live ruleset, decision threads and waiters. */
    static final class Instance implements AutoCloseable {
        final LiveRuleset live = new LiveRuleset(Path.of("."));
        final DecisionThreads threads;
        final RecordDecider decider;
        final ExecutorService waiters;
        final FleetRedecider redecider;

        /**
         * {@code consumer} and {@code producer}: extra client settings; {@code json}: the mapper of the
         * run's progress (a test may hold it still); {@code waiters}: where the decisions are waited for.
         */
        Instance(FleetRedecider.Topics topics, Ruleset initial, Duration budget, long maxBodyBytes,
                 Map<String, Object> consumer, Map<String, Object> producer, ObjectMapper json,
                 ExecutorService waiters) {
            live.set(initial);
            threads = new DecisionThreads(2, budget);
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            ObservedDecisions decisions = new ObservedDecisions(new DecisionService(new FactSetReader(100_000),
                    new DecisionEngine(10_000, 20), CLOCK), threads, new DecisionMetrics(registry, threads),
                    DecisionLog.disabled(registry), CLOCK);
            decider = new RecordDecider(decisions, ReportJson.mapper(), maxBodyBytes, 1 << 20);
            this.waiters = waiters != null ? waiters : Executors.newFixedThreadPool(4);
            redecider = new FleetRedecider(topics, new HashMap<>(consumer), new HashMap<>(producer), live,
                    new Redecision(new Replayer(100_000, 10_000, 20), threads), decider, this.waiters,
                    json != null ? json : ReportJson.mapper(), CLOCK, Duration.ofMillis(500), Duration.ofSeconds(10));
        }

        Instance(FleetRedecider.Topics topics, Ruleset initial) {
            this(topics, initial, Duration.ofSeconds(10), 1 << 20, Map.of(), Map.of(), null, null);
        }

        /** {@code ruleset} goes live here. */
        void goLive(Ruleset ruleset) {
            live.set(ruleset);
            redecider.wentLive();
        }

        /** The decision of {@code facts} under {@code ruleset}, as the ordinary consumer makes it (null: not decidable). */
        RecordDecider.Outcome.Decided decide(String facts, Ruleset ruleset) {
            return decide(utf8(facts), ruleset);
        }

        RecordDecider.Outcome.Decided decide(byte[] facts, Ruleset ruleset) {
            return decider.decide(facts, ruleset) instanceof RecordDecider.Outcome.Decided d ? d : null;
        }

        String state() {
            Map<String, Object> run = redecider.lastRun();
            return run == null ? null : String.valueOf(run.get("state"));
        }

        @Override
        public void close() {
            redecider.close();
            waiters.shutdownNow();
            threads.close();
            try {
                waiters.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    static FleetRedecider.Topics topics(String prefix) {
        return new FleetRedecider.Topics(KafkaTestBroker.servers(), prefix + ".facts", prefix + ".decisions",
                prefix + ".changes", prefix + "-decisions", prefix + "-");
    }

    /** The topics of {@code topics}: the facts compacted, each of four partitions. */
    static void createTopics(FleetRedecider.Topics topics) throws Exception {
        FleetRulesetChangeTest.createCompacted(topics.facts());
        KafkaTestBroker.createTopics(4, topics.decisions(), topics.changes());
    }

    /** Publishes a decision of {@code tenant} as the ordinary consumer does (its report, the ruleset-version header). */
    static void publishDecision(String topic, String tenant, RecordDecider.Outcome.Decided d) {
        RecordHeaders h = new RecordHeaders();
        h.add(FactSetListener.RULESET_VERSION, utf8(d.report().ruleset().version()));
        try (KafkaProducer<byte[], byte[]> p = KafkaTestSupport.producer()) {
            p.send(new ProducerRecord<>(topic, null, utf8(tenant), d.json(), h)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every record of {@code topic} (read_committed), once the reader has been idle a while. */
    static List<ConsumerRecord<byte[], byte[]>> all(String topic) {
        return KafkaTestSupport.awaitRecords(topic, k -> true, Integer.MAX_VALUE, Duration.ofSeconds(3));
    }

    /** The decisions of {@code topic} by tenant, in order (read_committed). */
    static Map<String, List<ConsumerRecord<byte[], byte[]>>> byTenant(String topic) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> out = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : all(topic)) {
            out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    static List<ConsumerRecord<byte[], byte[]>> redecisions(List<ConsumerRecord<byte[], byte[]>> decisions) {
        return decisions == null ? List.of() : decisions.stream()
                .filter(r -> FleetRedecider.RULESET_CHANGE.equals(header(r, FleetRedecider.CAUSE))).toList();
    }

    /** What a decision decides (verdict, findings, request outcomes, entitlements, deadlines): no ids, no times. */
    static JsonNode content(byte[] report) {
        try {
            JsonNode all = JSON.readTree(report);
            ObjectNode out = JSON.createObjectNode();
            for (String field : List.of("tenantId", "asOf", "verdict", "entitlements", "findings", "deadlines",
                    "requests")) {
                out.set(field, all.path(field));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The summaries of the changes topic for version {@code to}, once {@code count} are there (or what there is). */
    static List<JsonNode> summaries(String topic, String to, int count, Duration within) {
        Predicate<String> key = to::equals;
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.awaitRecords(topic, key, count, within)) {
            try {
                out.add(JSON.readTree(r.value()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * Decision waiters that wait, before each task, while the gate is closed: a test holds a run
     * in the middle of deciding a chunk ({@link #waiting} says how many tasks wait).
     */
    static final class Gate {
        private volatile java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(0);
        final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();

        void close() {
            latch = new java.util.concurrent.CountDownLatch(1);
        }

        void open() {
            latch.countDown();
        }

        ExecutorService executor() {
            return new java.util.concurrent.ThreadPoolExecutor(4, 4, 0, TimeUnit.MILLISECONDS,
                    new java.util.concurrent.LinkedBlockingQueue<>()) {
                @Override
                protected void beforeExecute(Thread t, Runnable r) {
                    waiting.incrementAndGet();
                    try {
                        latch.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        waiting.decrementAndGet();
                    }
                }
            };
        }
    }

    /** Waits until {@code condition} holds, or fails after {@code within}. */
    static void await(String what, java.util.function.BooleanSupplier condition, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + within + " for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}

package io.cilicensing.kafka;

import io.cilicensing.TestRules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Rules, fact sets and a plain producer and reader for the Kafka tests. */
final class KafkaTestSupport {
    /**
     * Rules that cannot decide some tenants: {@code loop} keeps firing (RULES_DID_NOT_SETTLE),
     * {@code slow} keeps firing slowly (DECISION_TIMEOUT), {@code fail} throws (RULE_FAILED).
     */
    static final String POISON_RULES = """
            package t;
            import io.cilicensing.facts.*;
            declare Tick n : int end
            declare SlowTick n : int end
            rule "ENT-02 starts ticking for one tenant" @id("ENT-02") @source("test")
            when Tenant( id == "loop" )
            then insert(new Tick(0));
            end
            rule "ENT-03 ticks forever" @id("ENT-03") @source("test")
            when $t : Tick( n >= 0 )
            then modify($t) { setN($t.getN() + 1) }
            end
            rule "ENT-04 starts ticking slowly for one tenant" @id("ENT-04") @source("test")
            when Tenant( id == "slow" )
            then insert(new SlowTick(0));
            end
            rule "ENT-05 ticks slowly forever" @id("ENT-05") @source("test")
            when $t : SlowTick( n >= 0 )
            then java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L); modify($t) { setN($t.getN() + 1) }
            end
            rule "ENT-06 fails for one tenant" @id("ENT-06") @source("test")
            when Tenant( id == "fail" )
            then throw new IllegalStateException("this rule fails on purpose");
            end
            """;

    private KafkaTestSupport() {}

    /** A rules directory: the grant rule ({@link TestRules#grantRule}) and {@link #POISON_RULES}. */
    static Path rulesDirectory(String prefix, int people) {
        Path dir = TestRules.grantsDirectory(prefix, people);
        try {
            Files.writeString(dir.resolve("poison.drl"), POISON_RULES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * A valid fact set of {@code tenant}, decided as of {@code n} seconds after 2024-07-01T09:00Z
     * (the report says its {@code asOf}, so each one is told apart).
     */
    static String facts(String tenant, long n) {
        return """
                {"asOf":"%s","tenant":{"id":"%s","homeGeo":"US"},\
                "licenses":[{"id":"L1","sku":"CI_BASE","purchasedOn":"2023-10-02"}],\
                "usage":{"interactedPeople":%d,"unifiedPeople":0,"interactionsThisMonth":0}}"""
                .formatted(asOf(n), tenant, n);
    }

    static String asOf(long n) {
        return Instant.parse("2024-07-01T09:00:00Z").plusSeconds(n).toString();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", KafkaTestBroker.servers(), "acks", "all",
                "linger.ms", 5), new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void send(String topic, List<ProducerRecord<byte[], byte[]>> records) {
        try (KafkaProducer<byte[], byte[]> p = producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> r : records) { // in order: one producer keeps a partition's order
                sent.add(p.send(r));
            }
            for (java.util.concurrent.Future<?> f : sent) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value) {
        return new ProducerRecord<>(topic, key == null ? null : utf8(key), value);
    }

    /**
     * The records of {@code topic} (read_committed) whose key is {@code key}, once {@code count}
     * of them are there; fewer after {@code within}: what there is.
     */
    static List<ConsumerRecord<byte[], byte[]>> awaitRecords(String topic, Predicate<String> key, int count,
                                                             Duration within) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (TopicReader reader = new TopicReader(KafkaTestBroker.servers(), List.of(topic))) {
            reader.readUntilDone(r -> {
                if (r.key() != null && key.test(new String(r.key(), StandardCharsets.UTF_8))) {
                    out.add(r);
                }
            }, () -> out.size() >= count, within);
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return ExactlyOnceCheck.header(r, name);
    }
}

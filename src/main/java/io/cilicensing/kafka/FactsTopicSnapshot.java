package io.cilicensing.kafka;

import io.cilicensing.impact.FactSetPacker;
import io.cilicensing.impact.ImpactInput;
import io.cilicensing.impact.ImpactReport;
import io.cilicensing.impact.ReplayCase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The tenant base: every tenant's latest fact set in the compacted facts topic (README > Decisions
 * over Kafka). Reads partitions from their beginning up to the end offsets taken when the read
 * starts (read_committed: the last stable offsets), keeping each key's latest record; a tombstone
 * (null value) deletes its tenant, a record without a key is no tenant and is left out.
 */
public final class FactsTopicSnapshot {
    /** A tenant's latest fact set and where it is. */
    public record Tenant(String key, int partition, long offset, byte[] value) {}

    private static final Duration WAIT = Duration.ofSeconds(30);

    private FactsTopicSnapshot() {}

    /** A plain consumer (no group, no commits, read_committed) with {@code extra} client settings. */
    static KafkaConsumer<byte[], byte[]> consumer(String servers, Map<String, Object> extra) {
        Properties props = new Properties();
        if (extra != null) {
            props.putAll(extra);
        }
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(props);
    }

    /** Every tenant's latest fact set in {@code topic}, by partition and offset, each value kept as {@code keep} makes it. */
    static List<Tenant> read(String servers, String topic, Map<String, Object> extra, UnaryOperator<byte[]> keep) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(servers, extra)) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, WAIT);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalArgumentException("no topic " + topic + " at " + servers);
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
            List<Tenant> all = new ArrayList<>();
            for (TopicPartition p : partitions) {
                all.addAll(latest(consumer, p, 0, ends.get(p), keep).values());
            }
            all.sort(Comparator.comparingInt(Tenant::partition).thenComparingLong(Tenant::offset));
            return all;
        }
    }

    /**
     * The latest record of each key of partition {@code p} in [from, end), read with
     * {@code consumer} (assigned to {@code p} alone for the read); tombstones delete.
     */
    static Map<String, Tenant> latest(KafkaConsumer<byte[], byte[]> consumer, TopicPartition p, long from, long end,
                                      UnaryOperator<byte[]> keep) {
        Map<String, Tenant> latest = new LinkedHashMap<>();
        if (end <= from) {
            return latest;
        }
        consumer.assign(List.of(p));
        consumer.seek(p, from);
        long idleSince = System.nanoTime();
        while (consumer.position(p, WAIT) < end) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (records.isEmpty()) {
                if (System.nanoTime() - idleSince > WAIT.toNanos()) {
                    throw new IllegalStateException("reading " + p + " stalled at " + consumer.position(p) + " of " + end);
                }
                continue;
            }
            idleSince = System.nanoTime();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (r.offset() >= end || r.key() == null) {
                    continue;
                }
                String key = new String(r.key(), StandardCharsets.UTF_8);
                latest.remove(key); // so that the map's order is the order of the latest records
                if (r.value() != null) {
                    latest.put(key, new Tenant(key, r.partition(), r.offset(), keep.apply(r.value())));
                }
            }
        }
        return latest;
    }

    /** The keys of partition {@code p} in [from, end): the tenants with facts newer than {@code from}. */
    static Map<String, Long> keys(KafkaConsumer<byte[], byte[]> consumer, TopicPartition p, long from, long end) {
        Map<String, Long> keys = new HashMap<>();
        if (end <= from) {
            return keys;
        }
        consumer.assign(List.of(p));
        consumer.seek(p, from);
        while (consumer.position(p, WAIT) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() != null && r.offset() < end) {
                    keys.put(new String(r.key(), StandardCharsets.UTF_8), r.offset());
                }
            }
        }
        return keys;
    }

    /**
     * The tenant base as impact input: each tenant's latest fact set, named topic-partition@offset,
     * kept packed ({@link FactSetPacker}: the whole base is held until it is replayed).
     */
    public static ImpactInput impactInput(String servers, String topic, Map<String, Object> extra) {
        FactSetPacker packer = new FactSetPacker();
        List<Tenant> tenants = read(servers, topic, extra, packer::pack);
        List<ReplayCase> cases = new ArrayList<>(tenants.size());
        for (Tenant t : tenants) {
            cases.add(new ReplayCase(topic + "-" + t.partition() + "@" + t.offset(), t.key(), null, t.value(), null,
                    packer));
        }
        return new ImpactInput(new ImpactReport.Source("kafka", topic + " at " + servers + " (" + tenants.size()
                + " tenants' latest fact sets)"), cases);
    }

    /** The string-valued client settings of {@code props} (what can travel to the worker process as JSON). */
    public static Map<String, String> portable(Map<String, Object> props) {
        Map<String, String> out = new HashMap<>();
        props.forEach((k, v) -> {
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(k, v.toString());
            } else if (v instanceof List<?> l && l.stream().allMatch(x -> x instanceof String)) {
                out.put(k, String.join(",", l.stream().map(Object::toString).toList()));
            }
        });
        return out;
    }
}

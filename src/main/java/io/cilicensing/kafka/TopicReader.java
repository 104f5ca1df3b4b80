package io.cilicensing.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads whole topics from their beginning, read_committed (unless told), without a consumer group. */
public final class TopicReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;

    public TopicReader(String servers, List<String> topics) {
        this(servers, topics, true);
    }

    /** {@code committed} false: read_uncommitted, records of open and aborted transactions too. */
    public TopicReader(String servers, List<String> topics, boolean committed) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, committed ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /**
     * Polls, handing each record to {@code sink}, until {@code done} holds once caught up with the
     * topics' committed ends (so nothing already committed is left unread), or nothing new came for
     * {@code idle}.
     */
    public void readUntil(Consumer<ConsumerRecord<byte[], byte[]>> sink, BooleanSupplier done, Duration idle) {
        read(sink, done, idle, true);
    }

    /** As {@link #readUntil}, but returns as soon as {@code done} holds, caught up or not. */
    public void readUntilDone(Consumer<ConsumerRecord<byte[], byte[]>> sink, BooleanSupplier done, Duration idle) {
        read(sink, done, idle, false);
    }

    private void read(Consumer<ConsumerRecord<byte[], byte[]>> sink, BooleanSupplier done, Duration idle,
                      boolean toTheEnd) {
        long lastNew = System.nanoTime();
        while (System.nanoTime() - lastNew < idle.toNanos()) {
            var records = consumer.poll(Duration.ofMillis(200));
            if (!records.isEmpty()) {
                lastNew = System.nanoTime();
                records.forEach(sink);
                if (!toTheEnd && done.getAsBoolean()) {
                    return;
                }
            } else if (done.getAsBoolean() && (!toTheEnd || caughtUp())) {
                return;
            }
        }
    }

    /** Whether every partition has been read up to its end (read_committed: the last stable offset). */
    public boolean caughtUp() {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment(), Duration.ofSeconds(10));
        return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    /** Every record of the topics, up to {@code max} (-1: all), or what came until {@code idle} passed without more. */
    public static List<ConsumerRecord<byte[], byte[]>> readAll(String servers, List<String> topics, int max,
                                                               Duration idle) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (TopicReader reader = new TopicReader(servers, topics)) {
            reader.readUntil(r -> {
                if (max < 0 || out.size() < max) {
                    out.add(r);
                }
            }, () -> max >= 0 && out.size() >= max, idle);
        }
        return out;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}

package io.cilicensing.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Metrics of the Kafka consumer (README > Decisions over Kafka), besides the decision metrics
 * every decision records ({@code decisions_total}, {@code decision_errors_total}, ...):
 * <ul>
 *   <li>{@code decisions.kafka.records.consumed}: fact-set records handed to this instance (again
 *       after an aborted transaction);</li>
 *   <li>{@code decisions.kafka.records.decided}: reports published, in committed transactions;</li>
 *   <li>{@code decisions.kafka.records.dead.lettered{error}}: records sent to the dead-letter
 *       topic, in committed transactions, by error code;</li>
 *   <li>{@code decisions.kafka.transaction.aborts}: transactions aborted (their records are read
 *       and decided again);</li>
 *   <li>{@code decisions.kafka.consumer.lag{topic,partition}}: records of each partition this
 *       instance owns not yet read, as of its last poll.</li>
 * </ul>
 */
public final class KafkaDecisionMetrics {
    static final String CONSUMED = "decisions.kafka.records.consumed";
    static final String DECIDED = "decisions.kafka.records.decided";
    static final String DEAD_LETTERED = "decisions.kafka.records.dead.lettered";
    static final String ABORTS = "decisions.kafka.transaction.aborts";
    static final String LAG = "decisions.kafka.consumer.lag";

    private final MeterRegistry registry;
    private final Counter consumed;
    private final Counter decided;
    private final Counter aborts;
    private final ConcurrentMap<String, Counter> deadLettered = new ConcurrentHashMap<>();
    /** Lag of each owned partition; -1 until a poll has told it. */
    private final ConcurrentMap<TopicPartition, Long> lags = new ConcurrentHashMap<>();
    private final ConcurrentMap<TopicPartition, Gauge> lagGauges = new ConcurrentHashMap<>();

    public KafkaDecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.consumed = Counter.builder(CONSUMED).description("fact-set records read from Kafka").register(registry);
        this.decided = Counter.builder(DECIDED).description("reports published to Kafka (committed)").register(registry);
        this.aborts = Counter.builder(ABORTS).description("Kafka transactions aborted").register(registry);
    }

    void consumed(int records) {
        consumed.increment(records);
    }

    void published(int decisions, Map<String, Integer> deadLetteredByError) {
        decided.increment(decisions);
        deadLetteredByError.forEach((error, n) -> deadLettered.computeIfAbsent(error, e -> Counter.builder(DEAD_LETTERED)
                .description("fact-set records sent to the dead-letter topic (committed)").tag("error", e)
                .register(registry)).increment(n));
    }

    void aborted() {
        aborts.increment();
    }

    void assigned(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            lags.putIfAbsent(tp, -1L);
            lagGauges.computeIfAbsent(tp, p -> Gauge.builder(LAG, lags, m -> m.getOrDefault(p, -1L))
                    .description("records of the partition not yet read by this instance (-1: not known yet)")
                    .tag("topic", p.topic()).tag("partition", String.valueOf(p.partition()))
                    .strongReference(true).register(registry));
        }
    }

    void revoked(Collection<TopicPartition> partitions) {
        for (TopicPartition tp : partitions) {
            lags.remove(tp);
            Gauge gauge = lagGauges.remove(tp);
            if (gauge != null) {
                registry.remove(gauge);
            }
        }
    }

    /** The lag of every partition the consumer owns, as its last fetch told it (no broker call). */
    void lagOf(Consumer<?, ?> consumer) {
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong lag = consumer.currentLag(tp);
            if (lag.isPresent()) {
                lags.put(tp, lag.getAsLong());
            }
        }
    }

    /** Lag per owned partition ("topic-partition" to records; -1 not known yet), in partition order. */
    Map<String, Long> lags() {
        Map<String, Long> out = new LinkedHashMap<>();
        lags.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<TopicPartition, Long> e) -> e.getKey().topic())
                        .thenComparingInt(e -> e.getKey().partition()))
                .forEach(e -> out.put(e.getKey().toString(), e.getValue()));
        return out;
    }

    double decided() {
        return decided.count();
    }
}

package io.cilicensing.kafka;

import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.kafka.RecordDecider.Outcome;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;

/**
 * Decides the fact sets of one poll and publishes what became of each, inside the Kafka
 * transaction the listener container opened for the poll (the container commits the consumed
 * offsets in the same transaction). All records of a poll are decided with the one ruleset live
 * when the poll is taken; they are decided side by side on the decision threads, and published in
 * the order they were read, so the decisions of one partition (one tenant) keep their order.
 *
 * <p>A report goes to the decisions topic, keyed by the record's key (the tenant id), with headers
 * naming the ruleset version, the decision id and the source record; a record that cannot be
 * decided goes, unchanged, to the dead-letter topic with the error code and error JSON HTTP would
 * answer. Either way its offset is committed: a poison record never holds up its partition. Only a
 * failure of this instance (no ruleset, every decision thread stuck) or of Kafka aborts the
 * transaction; the poll is then read again.
 */
final class FactSetListener implements BatchConsumerAwareMessageListener<byte[], byte[]> {
    static final String RULESET_VERSION = "ruleset-version";
    static final String DECISION_ID = "decision-id";
    static final String SOURCE_TOPIC = "source-topic";
    static final String SOURCE_PARTITION = "source-partition";
    static final String SOURCE_OFFSET = "source-offset";
    static final String ERROR = "error";
    static final String ERROR_BODY = "error-body";

    private final LiveRuleset live;
    private final RecordDecider decider;
    private final KafkaTemplate<byte[], byte[]> template;
    private final KafkaDecisionsProperties settings;
    private final KafkaDecisionMetrics metrics;
    private final CountingTransactionManager transactions;
    private final ExecutorService waiters;

    FactSetListener(LiveRuleset live, RecordDecider decider, KafkaTemplate<byte[], byte[]> template,
                    KafkaDecisionsProperties settings, KafkaDecisionMetrics metrics,
                    CountingTransactionManager transactions, ExecutorService waiters) {
        this.live = live;
        this.decider = decider;
        this.template = template;
        this.settings = settings;
        this.metrics = metrics;
        this.transactions = transactions;
        this.waiters = waiters;
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records, Consumer<?, ?> consumer) {
        metrics.lagOf(consumer);
        metrics.consumed(records.size());
        Ruleset ruleset = live.require(); // none live: the transaction aborts, the poll is read again
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            outcomes.add(CompletableFuture.supplyAsync(() -> decider.decide(r.value(), ruleset), waiters));
        }
        CountingTransactionManager.Published published = transactions.published();
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> r = records.get(i);
            Outcome outcome = outcomes.get(i).join();
            if (outcome instanceof Outcome.Unavailable unavailable) {
                throw unavailable.cause();
            }
            if (outcome instanceof Outcome.Decided decided) {
                Headers headers = decisionHeaders(r.topic(), r.partition(), r.offset(), decided);
                byte[] key = r.key() != null ? r.key() : utf8(decided.report().tenantId());
                template.send(new ProducerRecord<>(settings.decisionsTopic(), null, key, decided.json(), headers));
                published.decided();
            } else if (outcome instanceof Outcome.DeadLetter dead) {
                Headers headers = source(r);
                headers.add(ERROR, utf8(dead.error()));
                headers.add(ERROR_BODY, dead.errorBody());
                template.send(new ProducerRecord<>(settings.deadLetterTopic(), null, r.key(), r.value(), headers));
                published.deadLettered(dead.error());
            }
        }
    }

    private static Headers source(ConsumerRecord<byte[], byte[]> r) {
        return source(r.topic(), r.partition(), r.offset());
    }

    private static Headers source(String topic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(SOURCE_TOPIC, utf8(topic));
        headers.add(SOURCE_PARTITION, utf8(String.valueOf(partition)));
        headers.add(SOURCE_OFFSET, utf8(String.valueOf(offset)));
        return headers;
    }

    /** The headers of a decision of the fact set at {@code topic}-{@code partition}@{@code offset}: its source, version and id. */
    static Headers decisionHeaders(String topic, int partition, long offset, Outcome.Decided decided) {
        Headers headers = source(topic, partition, offset);
        headers.add(RULESET_VERSION, utf8(decided.report().ruleset().version()));
        headers.add(DECISION_ID, utf8(decided.report().decisionId()));
        return headers;
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}

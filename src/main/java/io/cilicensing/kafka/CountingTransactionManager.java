package io.cilicensing.kafka;

import java.util.HashMap;
import java.util.Map;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Spring's Kafka transaction manager, counting what a transaction published once it is committed
 * and every abort ({@link KafkaDecisionMetrics}). The listener and the commit run on the same
 * consumer thread, so what a transaction published is kept per thread.
 */
final class CountingTransactionManager extends KafkaTransactionManager<byte[], byte[]> {
    private final KafkaDecisionMetrics metrics;
    private final ThreadLocal<Published> current = ThreadLocal.withInitial(Published::new);

    CountingTransactionManager(ProducerFactory<byte[], byte[]> producers, KafkaDecisionMetrics metrics) {
        super(producers);
        this.metrics = metrics;
    }

    /** What the transaction on this thread has published so far. */
    Published published() {
        return current.get();
    }

    @Override
    protected void doBegin(Object transaction, org.springframework.transaction.TransactionDefinition definition) {
        current.get().clear();
        super.doBegin(transaction, definition);
    }

    @Override
    protected void doCommit(DefaultTransactionStatus status) {
        super.doCommit(status);
        Published p = current.get();
        metrics.published(p.decided, p.deadLettered);
        p.clear();
    }

    @Override
    protected void doRollback(DefaultTransactionStatus status) {
        current.get().clear();
        metrics.aborted();
        super.doRollback(status);
    }

    static final class Published {
        private int decided;
        private final Map<String, Integer> deadLettered = new HashMap<>();

        void decided() {
            decided++;
        }

        void deadLettered(String error) {
            deadLettered.merge(error, 1, Integer::sum);
        }

        void clear() {
            decided = 0;
            deadLettered.clear();
        }
    }
}

package io.cilicensing.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.ops.ObservedDecisions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.event.ListenerContainerIdleEvent;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Decisions over Kafka (README > Decisions over Kafka), only with
 * {@code decisions.kafka.enabled=true}: without it none of these beans exists, and Spring Boot's
 * own Kafka auto-configuration is excluded ({@link io.cilicensing.Application}), so nothing
 * connects to a broker or logs about one. The clients take Spring Boot's {@code spring.kafka.*}
 * properties (bootstrap servers, security, client settings); what exactly-once needs is set here
 * and cannot be overridden: read_committed, no auto-commit, a transactional producer.
 *
 * <p>Spring's listener container runs the read-decide-write loop: for each poll it opens a
 * Kafka transaction, calls {@link FactSetListener}, sends the consumed offsets to the transaction
 * (with the consumer's group metadata, so a consumer that lost its partitions in a rebalance
 * cannot commit: Kafka's fencing by group generation) and commits. When the transaction aborts
 * the container seeks back to the poll's first records and reads them again after
 * {@code decisions.kafka.retry-interval}; it never skips a record.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "decisions.kafka.enabled", havingValue = "true")
@EnableConfigurationProperties({KafkaDecisionsProperties.class, KafkaProperties.class})
public class KafkaDecisionsConfiguration {
    static final Duration IDLE_LAG_INTERVAL = Duration.ofSeconds(5);
    /** Kafka's default max.request.size. */
    static final int MAX_REQUEST_SIZE_DEFAULT = 1024 * 1024;

    @Bean
    KafkaDecisionMetrics kafkaDecisionMetrics(MeterRegistry registry) {
        return new KafkaDecisionMetrics(registry);
    }

    @Bean
    DefaultKafkaProducerFactory<byte[], byte[]> decisionProducerFactory(KafkaProperties kafka,
            KafkaDecisionsProperties settings, ObjectProvider<SslBundles> ssl, MeterRegistry registry) {
        Map<String, Object> props = new HashMap<>(kafka.buildProducerProperties(ssl.getIfAvailable()));
        props.put("key.serializer", ByteArraySerializer.class);
        props.put("value.serializer", ByteArraySerializer.class);
        props.put("enable.idempotence", true);
        props.put("acks", "all");
        DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(props);
        factory.setTransactionIdPrefix(settings.transactionIdPrefix().isBlank()
                ? settings.groupId() + "-" + UUID.randomUUID() + "-" : settings.transactionIdPrefix());
        factory.addListener(new MicrometerProducerListener<>(registry));
        return factory;
    }

    @Bean
    DefaultKafkaConsumerFactory<byte[], byte[]> factSetConsumerFactory(KafkaProperties kafka,
            KafkaDecisionsProperties settings, ObjectProvider<SslBundles> ssl, MeterRegistry registry) {
        Map<String, Object> props = new HashMap<>(kafka.buildConsumerProperties(ssl.getIfAvailable()));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts at the beginning, so fact sets posted before the first instance ran are decided
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(props);
        factory.addListener(new MicrometerConsumerListener<>(registry));
        return factory;
    }

    @Bean
    CountingTransactionManager decisionTransactionManager(DefaultKafkaProducerFactory<byte[], byte[]> producers,
                                                          KafkaDecisionMetrics metrics) {
        return new CountingTransactionManager(producers, metrics);
    }

    @Bean
    KafkaTemplate<byte[], byte[]> decisionTemplate(DefaultKafkaProducerFactory<byte[], byte[]> producers) {
        return new KafkaTemplate<>(producers);
    }

    /** Threads that hand a poll's records to the decision threads side by side and wait for them. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService kafkaDecisionWaiters(@Value("${decisions.threads}") int threads) {
        AtomicInteger next = new AtomicInteger(1);
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "kafka-decide-" + next.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
        return Executors.newFixedThreadPool(threads, factory);
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> factSetContainer(
            DefaultKafkaConsumerFactory<byte[], byte[]> consumers, KafkaDecisionsProperties settings,
            CountingTransactionManager transactions, KafkaTemplate<byte[], byte[]> template, LiveRuleset live,
            ObservedDecisions decisions, ObjectMapper json, KafkaDecisionMetrics metrics,
            ExecutorService kafkaDecisionWaiters, @Value("${decisions.max-body-bytes}") long maxBodyBytes,
            DefaultKafkaProducerFactory<byte[], byte[]> producers) {
        ContainerProperties props = new ContainerProperties(settings.factsTopic());
        props.setGroupId(settings.groupId());
        props.setKafkaAwareTransactionManager(transactions);
        // another instance with this instance's transactional id took over: stop rather than fight it
        props.setStopContainerWhenFenced(true);
        // an idle consumer still tells its lag (kafkaIdleLag), every few seconds
        props.setIdleEventInterval(IDLE_LAG_INTERVAL.toMillis());
        props.setConsumerRebalanceListener(new ConsumerAwareRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                metrics.assigned(partitions);
            }

            @Override
            public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                metrics.revoked(partitions);
            }

            @Override
            public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
                metrics.revoked(partitions);
            }
        });
        ConcurrentMessageListenerContainer<byte[], byte[]> container = new ConcurrentMessageListenerContainer<>(
                consumers, props);
        container.setBeanName("kafka-facts");
        container.setConcurrency(settings.concurrency());
        container.setAfterRollbackProcessor(new DefaultAfterRollbackProcessor<>(
                new FixedBackOff(settings.retryInterval().toMillis(), FixedBackOff.UNLIMITED_ATTEMPTS)));
        Object maxRequest = producers.getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxRecordBytes = maxRequest == null ? MAX_REQUEST_SIZE_DEFAULT : Integer.parseInt(maxRequest.toString());
        container.setupMessageListener(new FactSetListener(live,
                new RecordDecider(decisions, json, maxBodyBytes, maxRecordBytes),
                template, settings, metrics, transactions, kafkaDecisionWaiters));
        return container;
    }

    /** The lag of an idle consumer's partitions (0 once caught up), on its own thread as the event is published there. */
    @Bean
    ApplicationListener<ListenerContainerIdleEvent> kafkaIdleLag(KafkaDecisionMetrics metrics) {
        return event -> metrics.lagOf(event.getConsumer());
    }

    @Bean
    KafkaHealthIndicator kafkaHealthIndicator(ConcurrentMessageListenerContainer<byte[], byte[]> factSetContainer,
                                              KafkaDecisionsProperties settings, KafkaDecisionMetrics metrics,
                                              KafkaProperties kafka, ObjectProvider<SslBundles> ssl) {
        return new KafkaHealthIndicator(factSetContainer, settings, metrics,
                Admin.create(kafka.buildAdminProperties(ssl.getIfAvailable())));
    }
}

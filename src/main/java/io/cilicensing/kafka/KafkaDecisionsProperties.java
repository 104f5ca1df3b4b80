package io.cilicensing.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code decisions.kafka.*} (README > Decisions over Kafka). The broker and client settings are
 * Spring Boot's {@code spring.kafka.*} ({@code spring.kafka.bootstrap-servers} first of all).
 *
 * @param enabled               consume fact sets from Kafka at all; off, no Kafka client exists
 * @param factsTopic            fact sets in: the value a {@code POST /v1/decisions} body, the key the tenant id
 * @param decisionsTopic        reports out, keyed by tenant id
 * @param deadLetterTopic       what could not be decided: the original record, the error in headers
 * @param groupId               the consumer group the instances share the fact topic's partitions in
 * @param concurrency           consumers (threads) in this instance; each takes its own partitions
 * @param transactionIdPrefix   prefix of this instance's transactional ids; empty: one made up at
 *                              start, unique to this run (two instances must never share one)
 * @param retryInterval         wait before a batch is read again after its transaction was aborted
 * @param healthTimeout         how long the health check waits for the broker
 */
@ConfigurationProperties("decisions.kafka")
public record KafkaDecisionsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("licensing.facts") String factsTopic,
        @DefaultValue("licensing.decisions") String decisionsTopic,
        @DefaultValue("licensing.facts.dlq") String deadLetterTopic,
        @DefaultValue("licensing-decisions") String groupId,
        @DefaultValue("1") int concurrency,
        @DefaultValue("") String transactionIdPrefix,
        @DefaultValue("1s") Duration retryInterval,
        @DefaultValue("2s") Duration healthTimeout) {
}

package io.cilicensing.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.impact.ImpactJob;
import io.cilicensing.impact.RecentImpact;
import io.cilicensing.impact.Redecision;
import io.cilicensing.impact.Replayer;
import io.cilicensing.ops.ObservedDecisions;
import io.cilicensing.reload.RulesetReloader;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.kafka.KafkaProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The whole tenant base on an instance that consumes Kafka (README > Decisions over Kafka > A
 * ruleset change): {@code POST /v1/ruleset/impact} with {@code "source": "kafka"} reads the facts
 * topic, and every ruleset that goes live here is followed by this instance's part of the group's
 * re-decision of every tenant ({@link FleetRedecider}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "decisions.kafka.enabled", havingValue = "true")
public class FleetConfiguration {

    @Bean(destroyMethod = "close")
    FleetRedecider fleetRedecider(KafkaProperties kafka, KafkaDecisionsProperties settings,
                                  ObjectProvider<SslBundles> ssl, LiveRuleset live, RulesetReloader reloader,
                                  RecentImpact impact, DecisionThreads decisionThreads, ObservedDecisions decisions,
                                  ObjectMapper json, Clock clock, ExecutorService kafkaDecisionWaiters,
                                  @Value("${decisions.kafka.changes-topic:licensing.ruleset-changes}") String changes,
                                  @Value("${decisions.kafka.ruleset-change.enabled:true}") boolean redecide,
                                  @Value("${decisions.kafka.ruleset-change.session-timeout:10s}") Duration session,
                                  @Value("${decisions.max-body-bytes}") long maxBodyBytes,
                                  @Value("${rules.firing-limit}") int firingLimit,
                                  @Value("${rules.firings-per-fact}") int firingsPerFact,
                                  @Value("${decisions.max-interactions}") int maxInteractions,
                                  @Value("${rules.impact.kafka-time-budget}") Duration kafkaImpactBudget) {
        String servers = String.join(",", kafka.getBootstrapServers());
        Map<String, Object> consumer = new HashMap<>(kafka.buildConsumerProperties(ssl.getIfAvailable()));
        Map<String, Object> producer = new HashMap<>(kafka.buildProducerProperties(ssl.getIfAvailable()));
        impact.factsTopic(new ImpactJob.KafkaSource(servers, settings.factsTopic(),
                FactsTopicSnapshot.portable(consumer)), kafkaImpactBudget);
        Object maxRequest = producer.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        int maxRecordBytes = maxRequest == null ? KafkaDecisionsConfiguration.MAX_REQUEST_SIZE_DEFAULT
                : Integer.parseInt(maxRequest.toString());
        String prefix = settings.transactionIdPrefix().isBlank() ? settings.groupId() + "-"
                : settings.transactionIdPrefix();
        FleetRedecider redecider = new FleetRedecider(
                new FleetRedecider.Topics(servers, settings.factsTopic(), settings.decisionsTopic(), changes,
                        settings.groupId(), prefix),
                consumer, producer, live,
                new Redecision(new Replayer(maxInteractions, firingLimit, firingsPerFact), decisionThreads),
                new RecordDecider(decisions, json, maxBodyBytes, maxRecordBytes), kafkaDecisionWaiters, json, clock,
                settings.retryInterval(), session);
        if (redecide) {
            reloader.onLive((attempt, previousVersion, previousFiles, files, change) -> redecider.wentLive());
        }
        return redecider;
    }
}

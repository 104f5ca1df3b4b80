package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.awaitRecords;
import static io.cilicensing.kafka.KafkaTestSupport.facts;
import static io.cilicensing.kafka.KafkaTestSupport.header;
import static io.cilicensing.kafka.KafkaTestSupport.record;
import static io.cilicensing.kafka.KafkaTestSupport.send;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.TestRules;
import io.cilicensing.web.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One instance deciding over Kafka with a real broker: the same report as HTTP, every kind of
 * record it cannot decide dead-lettered as HTTP would answer it (and its partition going on), the
 * order of a tenant's decisions, a reload in the middle of a stream, health and metrics.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.watch=false", "rules.gate=false", "rules.worker.enabled=false", "rules.admin-token=kafka-token",
        "rules.impact.on-reload=false", "decisions.kafka.ruleset-change.enabled=false",
        "decisions.time-budget=5s", "decisions.max-body-bytes=8192",
        "decisions.kafka.enabled=true", "decisions.kafka.facts-topic=kt.facts",
        "decisions.kafka.decisions-topic=kt.decisions", "decisions.kafka.dead-letter-topic=kt.facts.dlq",
        "decisions.kafka.group-id=kt-decisions"})
class KafkaDecisionsTest {
    private static final String FACTS = "kt.facts";
    private static final String DECISIONS = "kt.decisions";
    private static final String DLQ = "kt.facts.dlq";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path rules;
    private static Path decisionLog;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::servers);
        KafkaTestBroker.createTopics(4, FACTS, DECISIONS, DLQ);
        rules = KafkaTestSupport.rulesDirectory("kafka-rules", 10_000);
        registry.add("rules.dir", rules::toString);
        decisionLog = Files.createTempDirectory("kafka-log").resolve("decisions.jsonl");
        registry.add("decisions.log.path", decisionLog::toString);
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aFactSetIsAnsweredOnTheDecisionsTopicWithExactlyTheReportHttpAnswersForTheSameBytes() throws Exception {
        byte[] body = utf8(facts("same-as-http", 12_000));
        send(FACTS, List.of(record(FACTS, "same-as-http", body)));

        List<ConsumerRecord<byte[], byte[]>> out = awaitRecords(DECISIONS, "same-as-http"::equals, 1, WAIT);
        assertThat(out).hasSize(1);
        ConsumerRecord<byte[], byte[]> decision = out.get(0);
        String kafkaReport = new String(decision.value(), StandardCharsets.UTF_8);
        String decisionId = JSON.readTree(kafkaReport).path("decisionId").asText();
        assertThat(header(decision, "decision-id")).isEqualTo(decisionId);
        assertThat(header(decision, "source-topic")).isEqualTo(FACTS);
        assertThat(header(decision, "source-partition")).isNotNull();
        assertThat(header(decision, "source-offset")).isNotNull();

        HttpResponse<String> http = Http.post(port, "/v1/decisions", body);
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(header(decision, "ruleset-version")).isEqualTo(http.headers().firstValue("X-Ruleset-Version").orElseThrow());
        String httpId = JSON.readTree(http.body()).path("decisionId").asText();
        assertThat(kafkaReport).isEqualTo(http.body().replace(httpId, decisionId));

        // the same decision log as HTTP: both decisions are logged (by the log's writer thread)
        awaitLogged(decisionId, httpId);
        assertThat(Files.readString(decisionLog)).contains(decisionId, httpId);
    }

    @Test
    void everyRecordThatCannotBeDecidedIsDeadLetteredUnchangedWithTheErrorHttpAnswersAndItsPartitionGoesOn()
            throws Exception {
        String key = "poison";
        Map<String, byte[]> poison = new LinkedHashMap<>();
        poison.put("MALFORMED_JSON", utf8("{\"tenant\": {\"id\": "));
        poison.put("INVALID_FACTS", utf8("{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t\"},\"licenses\":[{\"id\":\"L1\"}]}"));
        poison.put("TOO_LARGE", utf8(facts("big", 1) + " ".repeat(8192)));
        poison.put("UNSUPPORTED_MEDIA_TYPE", facts("utf16", 1).getBytes(StandardCharsets.UTF_16LE));
        poison.put("RULES_DID_NOT_SETTLE", utf8(facts("loop", 1)));
        poison.put("DECISION_TIMEOUT", utf8(facts("slow", 1)));
        poison.put("RULE_FAILED", utf8(facts("fail", 1)));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        poison.values().forEach(v -> records.add(record(FACTS, key, v)));
        records.add(record(FACTS, key, utf8(facts("poison", 7))));
        send(FACTS, records);

        List<ConsumerRecord<byte[], byte[]>> dead = awaitRecords(DLQ, key::equals, poison.size(), WAIT);
        assertThat(dead).extracting(r -> header(r, "error")).containsExactlyElementsOf(poison.keySet());
        long lastPoisonOffset = -1;
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            String error = header(r, "error");
            assertThat(r.value()).as(error).isEqualTo(poison.get(error));
            assertThat(header(r, "source-topic")).isEqualTo(FACTS);
            lastPoisonOffset = Long.parseLong(header(r, "source-offset"));
            HttpResponse<String> http = Http.post(port, "/v1/decisions", poison.get(error));
            JsonNode answered = JSON.readTree(http.body());
            assertThat(answered.path("error").asText()).as(error).isEqualTo(error);
            assertThat(JSON.readTree(header(r, "error-body"))).as(error).isEqualTo(answered);
        }
        JsonNode invalid = JSON.readTree(header(dead.get(1), "error-body"));
        assertThat(invalid.path("violations")).isNotEmpty();

        List<ConsumerRecord<byte[], byte[]>> decided = awaitRecords(DECISIONS, key::equals, 1, WAIT);
        assertThat(decided).hasSize(1);
        assertThat(Long.parseLong(header(decided.get(0), "source-offset"))).isGreaterThan(lastPoisonOffset);
        assertThat(meters.counter(KafkaDecisionMetrics.DEAD_LETTERED, "error", "DECISION_TIMEOUT").count())
                .isGreaterThanOrEqualTo(1);
        assertThat(meters.counter(KafkaDecisionMetrics.DEAD_LETTERED, "error", "INVALID_FACTS").count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void theDecisionsOfOneTenantComeOutInTheOrderItsFactSetsWentIn() {
        int tenants = 6;
        int each = 40;
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < each; i++) {
            for (int t = 0; t < tenants; t++) {
                records.add(record(FACTS, "order-" + t, utf8(facts("order-" + t, i))));
            }
        }
        send(FACTS, records);

        List<ConsumerRecord<byte[], byte[]>> out = awaitRecords(DECISIONS, k -> k.startsWith("order-"),
                tenants * each, WAIT);
        assertThat(out).hasSize(tenants * each);
        Map<String, List<String>> asOfByTenant = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            asOfByTenant.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(readTree(r.value()).path("asOf").asText());
        }
        List<String> inOrder = new ArrayList<>();
        for (long i = 0; i < each; i++) {
            inOrder.add(KafkaTestSupport.asOf(i));
        }
        assertThat(asOfByTenant).hasSize(tenants);
        asOfByTenant.forEach((tenant, asOf) -> assertThat(asOf).as(tenant).isEqualTo(inOrder));
    }

    @Test
    void aReloadInTheMiddleOfAStreamDecidesEachFactSetWithOneRulesetWhichItsHeaderNames() throws Exception {
        AtomicBoolean reloaded = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        Thread producer = new Thread(() -> { // keeps the stream going until 5 rounds after the reload
            for (int round = 0, after = 0; after < 5 && round < 300; round++) {
                List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    records.add(record(FACTS, "reload-" + i % 4, utf8(facts("reload-" + i % 4, round))));
                }
                send(FACTS, records);
                sent.addAndGet(records.size());
                after += reloaded.get() ? 1 : 0;
                sleepQuietly(100);
            }
        });
        producer.start();
        awaitRecords(DECISIONS, k -> k.startsWith("reload-"), 40, WAIT);
        Files.writeString(rules.resolve("grants.drl"), TestRules.grantRule(20_000));
        JsonNode reload = JSON.readTree(Http.postAdmin(port, "/v1/ruleset/reload", "kafka-token", "").body());
        reloaded.set(true);
        assertThat(reload.at("/attempt/outcome").asText()).isEqualTo("LIVE");
        String newVersion = reload.path("liveVersion").asText();
        producer.join();

        List<ConsumerRecord<byte[], byte[]>> out = awaitRecords(DECISIONS, k -> k.startsWith("reload-"), sent.get(), WAIT);
        assertThat(out).hasSize(sent.get());
        Map<String, Integer> byVersion = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            JsonNode report = readTree(r.value());
            String version = report.at("/ruleset/version").asText();
            assertThat(header(r, "ruleset-version")).isEqualTo(version);
            long granted = report.at("/entitlements/interactedPeople").asLong();
            assertThat(granted).as("granted under " + version).isEqualTo(version.equals(newVersion) ? 20_000 : 10_000);
            byVersion.merge(version, 1, Integer::sum);
        }
        assertThat(byVersion).hasSize(2).containsKey(newVersion);
    }

    @Test
    void theKafkaHealthComponentSaysWhatIsConsumedAndItIsNotPartOfReadiness() throws Exception {
        send(FACTS, List.of(record(FACTS, "health", utf8(facts("health", 1)))));
        awaitRecords(DECISIONS, "health"::equals, 1, WAIT);

        JsonNode kafka = JSON.readTree(Http.get(port, "/actuator/health/kafka").body());
        assertThat(kafka.path("status").asText()).isEqualTo("UP");
        assertThat(kafka.at("/details/consuming").asBoolean()).isTrue();
        assertThat(kafka.at("/details/factsTopic").asText()).isEqualTo(FACTS);
        assertThat(kafka.at("/details/groupId").asText()).isEqualTo("kt-decisions");
        assertThat(kafka.at("/details/partitions").size()).isEqualTo(4);
        JsonNode readiness = JSON.readTree(Http.get(port, "/actuator/health/readiness").body());
        assertThat(readiness.path("components").has("kafka")).isFalse();
        String metrics = Http.get(port, "/actuator/prometheus").body();
        assertThat(metrics).contains("decisions_kafka_records_consumed_total", "decisions_kafka_records_decided_total",
                "decisions_kafka_consumer_lag{partition=\"0\",topic=\"kt.facts\"}",
                "decisions_kafka_transaction_aborts_total");
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitLogged(String... decisionIds) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end && !(Files.exists(decisionLog)
                && java.util.Arrays.stream(decisionIds).allMatch(Files.readString(decisionLog)::contains))) {
            Thread.sleep(50);
        }
    }

    private static JsonNode readTree(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

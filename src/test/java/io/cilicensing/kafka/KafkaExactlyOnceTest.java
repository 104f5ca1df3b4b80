package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.facts;
import static io.cilicensing.kafka.KafkaTestSupport.record;
import static io.cilicensing.kafka.KafkaTestSupport.send;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Two instances in one consumer group share a four-partition facts topic: this test's Spring
 * context (instance A) and a second service in a JVM of its own (instance B, started from the
 * test classpath). Half-way through a stream of fact sets, some invalid, B is killed with
 * SIGKILL ({@link Process#destroyForcibly()}): no shutdown, its consumer never leaves the group,
 * a transaction of its may be open. A takes B's partitions once B's session times out, and the
 * committed output must hold every fact set exactly once ({@link ExactlyOnceCheck}, the same check
 * {@code kafka check} runs), each decision equal to what A answers over HTTP.
 */
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.watch=false", "rules.gate=false", "rules.worker.enabled=false", "decisions.log.enabled=false"})
class KafkaExactlyOnceTest {
    private static final String FACTS = "eo.facts";
    private static final String DECISIONS = "eo.decisions";
    private static final String DLQ = "eo.facts.dlq";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DECIDED = Pattern.compile("(?m)^decisions_kafka_records_decided_total(?:\\{[^}]*})? ([0-9.E]+)$");
    private static Path rules;
    private static final String SLOW_RULE = """
            package t;
            import io.cilicensing.facts.*;
            rule "ENT-07 takes its time" @id("ENT-07") @source("test")
            when Tenant()
            then java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            end
            """;

    /** The Kafka settings of both instances: a short session and transaction timeout, small polls. */
    private static final List<String> KAFKA = List.of(
            "decisions.kafka.enabled=true", "decisions.kafka.facts-topic=" + FACTS,
            "decisions.kafka.decisions-topic=" + DECISIONS, "decisions.kafka.dead-letter-topic=" + DLQ,
            "decisions.kafka.group-id=eo-decisions", "spring.kafka.consumer.max-poll-records=20",
            "spring.kafka.consumer.properties.session.timeout.ms=6000",
            "spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
            "spring.kafka.producer.properties.transaction.timeout.ms=10000");

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::servers);
        KafkaTestBroker.createTopics(4, FACTS, DECISIONS, DLQ);
        rules = KafkaTestSupport.rulesDirectory("kafka-eo-rules", 10_000);
        try { // each decision takes a while, so that the kill most likely lands in the middle of a poll
            java.nio.file.Files.writeString(rules.resolve("slow.drl"), SLOW_RULE);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        registry.add("rules.dir", rules::toString);
        for (String p : KAFKA) {
            registry.add(p.substring(0, p.indexOf('=')), () -> p.substring(p.indexOf('=') + 1));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void twoInstancesShareFourPartitionsAndEveryFactSetComesOutExactlyOnceThoughOneIsKilledMidStream()
            throws Exception {
        int portB = freePort();
        Process b = startInstance(portB);
        try {
            await("instance B takes two of the four partitions",
                    () -> partitions(portB) == 2 && partitions(port) == 2);

            int total = 1200;
            AtomicInteger sent = new AtomicInteger();
            List<Integer> invalid = new ArrayList<>();
            Thread producer = new Thread(() -> {
                for (int round = 0; round * 40 < total; round++) {
                    List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
                    for (int i = round * 40; i < (round + 1) * 40; i++) {
                        String tenant = "eo-" + i % 16;
                        String body = i % 10 == 3 ? "{\"tenant\": {\"id\": \"" + tenant + "\"}}" // INVALID_FACTS
                                : i % 10 == 7 ? "{\"tenant\": " : facts(tenant, i); // MALFORMED_JSON
                        records.add(record(FACTS, tenant, utf8(body)));
                    }
                    send(FACTS, records);
                    sent.addAndGet(records.size());
                    sleep(100);
                }
            });
            producer.start();
            await("half the stream sent, both instances deciding (B past its first polls)",
                    () -> sent.get() >= total / 2 && decided(portB) >= 40 && decidedHere() > 0);
            double decidedByB = decided(portB);
            b.destroyForcibly(); // SIGKILL
            assertThat(b.waitFor(30, TimeUnit.SECONDS)).isTrue();
            producer.join();
            await("instance A takes over all four partitions", () -> partitions(port) == 4);

            ExactlyOnceCheck.Result result = ExactlyOnceCheck.run(KafkaTestBroker.servers(), FACTS, DECISIONS, DLQ,
                    Duration.ofSeconds(60), URI.create("http://localhost:" + port));
            assertThat(result.problems()).as(result.summary()).isEmpty();
            assertThat(result.missing()).as(result.summary()).isEmpty();
            assertThat(result.duplicated()).as(result.summary()).isEmpty();
            assertThat(result.inputs()).isEqualTo(total);
            assertThat(result.deadLettered()).isEqualTo(total / 10 * 2);
            assertThat(result.deadLetteredByError()).containsOnlyKeys("INVALID_FACTS", "MALFORMED_JSON");
            assertThat(result.holds()).isTrue();
            // how the kill landed: records of transactions that were aborted (B's open one, if any) show read_uncommitted
            int[] all = new int[1];
            try (TopicReader uncommitted = new TopicReader(KafkaTestBroker.servers(), List.of(DECISIONS, DLQ), false)) {
                uncommitted.readUntil(r -> all[0]++, () -> true, Duration.ofSeconds(10));
            }
            System.out.println("exactly-once check after SIGKILL: " + result.summary().replace('\n', ';')
                    + "; B had decided " + decidedByB + "; records written but not committed: "
                    + (all[0] - result.decided() - result.deadLettered()));
        } finally {
            b.destroyForcibly();
        }
    }

    private Process startInstance(int serverPort) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.cilicensing.Application",
                "--server.port=" + serverPort, "--rules.dir=" + rules, "--rules.watch=false", "--rules.gate=false",
                "--rules.worker.enabled=false", "--decisions.log.enabled=false",
                "--spring.kafka.bootstrap-servers=" + KafkaTestBroker.servers()));
        KAFKA.forEach(p -> command.add("--" + p));
        File log = Path.of("target", "kafka-instance-b.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    /** Partitions the instance on {@code serverPort} owns, by its health component; -1 while it does not answer. */
    private static int partitions(int serverPort) {
        try {
            JsonNode kafka = JSON.readTree(Http.get(serverPort, "/actuator/health/kafka").body());
            return kafka.at("/details/partitions").size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static double decided(int serverPort) {
        try {
            Matcher m = DECIDED.matcher(Http.get(serverPort, "/actuator/prometheus").body());
            return m.find() ? Double.parseDouble(m.group(1)) : 0;
        } catch (Exception e) {
            return 0;
        }
    }

    private double decidedHere() {
        return meters.counter(KafkaDecisionMetrics.DECIDED).count();
    }

    private static void await(String what, BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.cilicensing.engine.Ruleset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * An instance shut down in the middle of a run (its chunk being decided) stops the run and closes
 * its Kafka clients cleanly: nothing logged as an error (an interrupted client's close logs one).
 */
class FleetShutdownTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void anInstanceShutDownMidRunStopsItsRunWithoutErrors() throws Exception {
        FleetRedecider.Topics topics = FleetHarness.topics("shut");
        FleetHarness.createTopics(topics);
        Ruleset a = FleetHarness.ruleset("shut-a", null);
        Ruleset b = FleetHarness.ruleset("shut-b", FleetHarness.moreFor("ENT-07", 50, "c-"));
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            records.add(new ProducerRecord<>(topics.facts(), p, utf8("c-" + p), utf8(KafkaTestSupport.facts("c-" + p, p))));
        }
        KafkaTestSupport.send(topics.facts(), records);

        ListAppender<ILoggingEvent> errors = new ListAppender<>();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        errors.start();
        root.addAppender(errors);
        FleetHarness.Gate gate = new FleetHarness.Gate();
        try (FleetHarness.Instance instance = new FleetHarness.Instance(topics, a, Duration.ofSeconds(10), 1 << 20,
                Map.of(), Map.of(), null, gate.executor())) {
            gate.close();
            instance.goLive(b);
            FleetHarness.await("the run deciding", () -> gate.waiting.get() > 0, WAIT);
            CompletableFuture<Void> closing = CompletableFuture.runAsync(instance.redecider::close);
            Thread.sleep(300);
            gate.open(); // the chunk's decisions end; the run sees the shutdown before its transaction
            closing.get(30, TimeUnit.SECONDS);
            Thread.sleep(2000); // what the run's thread logs while it closes its clients
            assertThat(errors.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR))
                    .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList()).isEmpty();
            assertThat(FleetHarness.summaries(topics.changes(), b.version(), 1, Duration.ofSeconds(2))).isEmpty();
        } finally {
            root.detachAppender(errors);
        }
    }
}

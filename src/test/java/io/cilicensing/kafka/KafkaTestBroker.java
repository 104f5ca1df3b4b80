package io.cilicensing.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One real Kafka broker (KRaft, spring-kafka-test's {@link EmbeddedKafkaKraftBroker}) for every
 * Kafka test of the run, started by the first that asks and stopped when the JVM exits. Each test
 * class uses topics and a consumer group of its own.
 */
public final class KafkaTestBroker {
    private static EmbeddedKafkaKraftBroker broker;

    private KafkaTestBroker() {}

    public static synchronized String servers() {
        if (broker == null) {
            quietKafkaLogs();
            EmbeddedKafkaKraftBroker b = new EmbeddedKafkaKraftBroker(1, 1);
            b.brokerProperties(Map.of(
                    "transaction.state.log.replication.factor", "1",
                    "transaction.state.log.min.isr", "1",
                    "offsets.topic.replication.factor", "1",
                    "group.initial.rebalance.delay.ms", "0",
                    // an instance killed mid-transaction: its transaction is aborted soon after it times out
                    "transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000",
                    "auto.create.topics.enable", "false"));
            b.afterPropertiesSet();
            broker = b;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // at the JVM's exit the broker stops while the cached test contexts still hold clients of it,
                // and its own stop races its checkpoint writer: what Kafka logs then says nothing about a test
                setKafkaLogs(Level.OFF);
                b.destroy();
            }, "kafka-test-broker-stop"));
        }
        return broker.getBrokersAsString();
    }

    /** Creates the topics (each with {@code partitions}) and waits until they exist. */
    public static void createTopics(int partitions, String... topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers()))) {
            admin.createTopics(List.of(topics).stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList())
                    .all().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics " + List.of(topics), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Before Spring Boot sets the levels (test config/application.properties), so the broker's start is quiet too. */
    private static void quietKafkaLogs() {
        setKafkaLogs(Level.WARN);
    }

    private static void setKafkaLogs(Level level) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
            for (String name : List.of("kafka", "state.change.logger", "org.apache.kafka", "org.springframework.kafka")) {
                ctx.getLogger(name).setLevel(level);
            }
        }
    }
}

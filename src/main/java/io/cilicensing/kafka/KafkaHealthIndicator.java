package io.cilicensing.kafka;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Health component {@code kafka} (only with {@code decisions.kafka.enabled=true}): UP while the
 * consumer runs and the broker answers, DOWN while the broker does not (consumption then waits;
 * HTTP decisions go on) or the consumer has stopped. Its details say what this instance consumes,
 * in which group, and its lag per partition. It is in neither the readiness nor the liveness
 * group: an instance whose broker is away still serves HTTP. The broker is asked at most once per
 * {@link #CACHE} (a {@code describeCluster} bounded by {@code decisions.kafka.health-timeout}).
 */
final class KafkaHealthIndicator implements HealthIndicator, DisposableBean {
    static final Duration CACHE = Duration.ofSeconds(5);

    private final MessageListenerContainer container;
    private final KafkaDecisionsProperties settings;
    private final KafkaDecisionMetrics metrics;
    private final Admin admin;
    private final LongSupplier nanoTime = System::nanoTime;
    private volatile String brokerProblem;
    private volatile int brokers;
    private volatile long checkedAt;
    private volatile boolean checked;

    KafkaHealthIndicator(MessageListenerContainer container, KafkaDecisionsProperties settings,
                         KafkaDecisionMetrics metrics, Admin admin) {
        this.container = container;
        this.settings = settings;
        this.metrics = metrics;
        this.admin = admin;
    }

    @Override
    public Health health() {
        checkBroker();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("consuming", container.isRunning());
        details.put("factsTopic", settings.factsTopic());
        details.put("groupId", settings.groupId());
        details.put("decisionsTopic", settings.decisionsTopic());
        details.put("deadLetterTopic", settings.deadLetterTopic());
        details.put("brokers", brokers);
        Map<String, Long> lags = metrics.lags();
        details.put("partitions", lags);
        details.put("lag", lags.values().stream().filter(l -> l >= 0).mapToLong(Long::longValue).sum());
        details.put("decided", (long) metrics.decided());
        String problem = brokerProblem;
        if (problem != null) {
            details.put("reason", problem);
            return Health.down().withDetails(details).build();
        }
        if (!container.isRunning()) {
            details.put("reason", "the Kafka consumer is not running");
            return Health.down().withDetails(details).build();
        }
        return Health.up().withDetails(details).build();
    }

    private synchronized void checkBroker() {
        long now = nanoTime.getAsLong();
        if (checked && now - checkedAt < CACHE.toNanos()) {
            return;
        }
        long timeout = settings.healthTimeout().toMillis();
        try {
            brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout))
                    .nodes().get(timeout, TimeUnit.MILLISECONDS).size();
            brokerProblem = null;
        } catch (TimeoutException | ExecutionException e) {
            brokers = 0;
            brokerProblem = "the Kafka broker did not answer within " + timeout + " ms; consuming waits until it"
                    + " does, HTTP decisions go on";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkedAt = nanoTime.getAsLong();
        checked = true;
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(1));
    }
}

package io.cilicensing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.TestRules;
import io.cilicensing.web.Http;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Without decisions.kafka.enabled the service is HTTP only: no Kafka bean (so no client) and no kafka health component. (Other
 * contexts of the test run may consume Kafka, so threads are not looked at.) */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false",
                "rules.worker.enabled=false"})
class KafkaOffByDefaultTest {
    @DynamicPropertySource
    static void rules(DynamicPropertyRegistry registry) {
        registry.add("rules.dir", () -> TestRules.grantsDirectory("kafka-off-rules", 10_000).toString());
    }

    @Autowired
    ApplicationContext context;

    @LocalServerPort
    int port;

    @Test
    void withoutTheSwitchNoKafkaBeanExistsAndHealthHasNoKafkaComponent() throws Exception {
        for (Class<?> type : new Class<?>[] {ProducerFactory.class, ConsumerFactory.class, KafkaTemplate.class,
                KafkaAdmin.class, MessageListenerContainer.class, KafkaDecisionMetrics.class,
                KafkaHealthIndicator.class, KafkaDecisionsProperties.class}) {
            assertThat(context.getBeanNamesForType(type)).as(type.getSimpleName()).isEmpty();
        }
        assertThat(Http.get(port, "/actuator/health/kafka").statusCode()).isEqualTo(404);
        var health = new ObjectMapper().readTree(Http.get(port, "/actuator/health").body());
        assertThat(health.path("components").has("kafka")).isFalse();
    }
}

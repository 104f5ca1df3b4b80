package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.facts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.Application;
import io.cilicensing.web.Http;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An instance whose broker is away (nothing listens where it is told the broker is): it starts,
 * HTTP decisions go on, readiness stays UP, and the kafka health component is DOWN saying why.
 */
class KafkaBrokerAwayTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void whileTheBrokerIsAwayTheServiceStartsHttpDecidesReadinessStaysUpAndKafkaHealthIsDown() throws Exception {
        int kafkaPort = freePort();
        String servers = "localhost:" + kafkaPort;
        // command-line arguments: they take precedence over application.properties
        ConfigurableApplicationContext service = new SpringApplicationBuilder(Application.class).run(
                "--server.port=0", "--rules.watch=false", "--rules.gate=false", "--rules.worker.enabled=false",
                "--decisions.log.enabled=false",
                "--rules.dir=" + KafkaTestSupport.rulesDirectory("kafka-away-rules", 10_000),
                "--decisions.kafka.enabled=true", "--decisions.kafka.group-id=away",
                "--spring.kafka.bootstrap-servers=" + servers,
                "--spring.kafka.consumer.properties.reconnect.backoff.max.ms=1000");
        try {
            int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
            String health = Http.get(port, "/actuator/health/kafka").body();
            JsonNode kafka = JSON.readTree(health);
            assertThat(kafka.path("status").asText()).as(health).isEqualTo("DOWN");
            assertThat(kafka.at("/details/reason").asText()).contains("did not answer");
            assertThat(Http.get(port, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            assertThat(Http.post(port, "/v1/decisions", facts("over-http", 1)).statusCode()).isEqualTo(200);
        } finally {
            service.close();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

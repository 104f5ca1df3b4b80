package io.cilicensing;

import io.cilicensing.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.metrics.KafkaMetricsAutoConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;

/**
 * Starts the HTTP decision service, or with a verb as first argument runs the command line
 * ({@code validate}, {@code scenarios}, {@code decide}, {@code impact}, {@code capture}); {@code help},
 * {@code --help} or an unknown verb print the verbs and the server's main options and exit.
 */
// Spring Boot's Kafka beans are not wanted: decisions over Kafka have their own, made only when
// decisions.kafka.enabled=true (io.cilicensing.kafka.KafkaDecisionsConfiguration).
@SpringBootApplication(exclude = {KafkaAutoConfiguration.class, KafkaMetricsAutoConfiguration.class})
public class Application {
    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(Application.class, args);
    }
}

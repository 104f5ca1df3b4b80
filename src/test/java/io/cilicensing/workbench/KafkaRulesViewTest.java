package io.cilicensing.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.TestRules;
import io.cilicensing.kafka.KafkaTestBroker;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The Rules view of an instance that consumes Kafka says so, with the topic, group and lag per partition. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.watch=false", "rules.gate=false", "rules.worker.enabled=false", "decisions.log.enabled=false",
        "decisions.kafka.enabled=true", "decisions.kafka.facts-topic=wb.facts",
        "decisions.kafka.decisions-topic=wb.decisions", "decisions.kafka.dead-letter-topic=wb.facts.dlq",
        "decisions.kafka.group-id=wb-decisions"})
class KafkaRulesViewTest {
    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::servers);
        KafkaTestBroker.createTopics(2, "wb.facts", "wb.decisions", "wb.facts.dlq");
        registry.add("rules.dir", () -> TestRules.grantsDirectory("kafka-wb-rules", 10_000).toString());
    }

    @LocalServerPort
    int port;

    @Test
    void theRulesViewShowsThatThisInstanceConsumesKafkaAndItsLagPerPartition() {
        Browser.requireInstalled();
        WebDriver driver = Browser.start(1200);
        try {
            Browser.waitFor(driver).until(d -> { // the consumer gets its partitions a moment after the start
                Browser.open(d, port, "#rules");
                return Browser.visible(d, "#kafka-lag").getText().contains("wb.facts-1");
            });
            String kafka = Browser.visible(driver, "#kafka-on").getText();
            assertThat(kafka).contains("CONSUMING", "topic wb.facts", "group wb-decisions");
            assertThat(Browser.visible(driver, "#kafka-lag").getText()).contains("wb.facts-0", "wb.facts-1");
            Browser.screenshot(driver, "rules-kafka");
        } finally {
            driver.quit();
        }
    }
}

package io.cilicensing.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.facts.ContractExample;
import io.cilicensing.web.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false", "decisions.log.enabled=false"})
class DecisionLogDisabledTest {
    private static Path dir;

    @DynamicPropertySource
    static void logPathInATemporaryDirectory(DynamicPropertyRegistry registry) {
        try {
            dir = Files.createTempDirectory("decision-log-off");
            registry.add("decisions.log.path", () -> dir.resolve("logs/decisions.jsonl").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DecisionLog log;

    @Test
    void turnedOffNoFileIsWrittenAndDecisionsAreAnswered() throws Exception {
        assertThat(Http.post(port, "/v1/decisions", ContractExample.json()).statusCode()).isEqualTo(200);
        assertThat(Http.post(port, "/v1/decisions/batch", "[" + ContractExample.json() + "]").statusCode())
                .isEqualTo(200);

        assertThat(log.enabled()).isFalse();
        Thread.sleep(300); // what an enabled writer would take to write the lines
        assertThat(dir.resolve("logs")).doesNotExist();
    }
}

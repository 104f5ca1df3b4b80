package io.cilicensing.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.facts.ContractExample;
import io.cilicensing.web.Http;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** The decision log's writer is stuck (a blocking sink) and its queue holds one entry. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"rules.watch=false", "rules.gate=false"})
class DecisionLogFullQueueTest {
    static final DecisionLogTest.BlockingSink STUCK = new DecisionLogTest.BlockingSink();

    @TestConfiguration
    static class StuckLog {
        @Bean(destroyMethod = "close")
        @Primary
        DecisionLog stuckDecisionLog(MeterRegistry registry) {
            return new DecisionLog(STUCK, 1, registry);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry registry;

    @AfterEach
    void unstick() {
        STUCK.release.countDown();
    }

    @Test
    void withTheQueueFullDecisionsStillSucceedAndTheDroppedEntriesAreCounted() throws Exception {
        HttpResponse<String> first = Http.post(port, "/v1/decisions", ContractExample.json());
        assertThat(STUCK.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds the first entry
        double before = DecisionLogTest.dropped(registry, "queue_full");

        for (int i = 0; i < 5; i++) { // the first of these fills the queue, the other four are dropped
            HttpResponse<String> r = Http.post(port, "/v1/decisions", ContractExample.json());
            assertThat(r.statusCode()).isEqualTo(200);
        }

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(DecisionLogTest.dropped(registry, "queue_full") - before).isEqualTo(4.0);
    }
}

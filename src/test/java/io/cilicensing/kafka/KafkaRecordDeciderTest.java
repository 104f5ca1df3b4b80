package io.cilicensing.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.TestRules;
import io.cilicensing.decisionlog.DecisionLog;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.kafka.RecordDecider.Outcome;
import io.cilicensing.ops.DecisionMetrics;
import io.cilicensing.ops.ObservedDecisions;
import io.cilicensing.report.ReportJson;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What cannot fit in a Kafka record (the producer's max.request.size) is never sent, since its
 * transaction would abort on every try: a report too large is dead-lettered as TOO_LARGE, an
 * error JSON too large loses its violations. No broker needed: the decider alone.
 */
class KafkaRecordDeciderTest {
    private static final int MAX_RECORD = 1500;
    private static DecisionThreads threads;
    private static Ruleset ruleset;
    private static ObservedDecisions decisions;

    @BeforeAll
    static void engine() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        threads = new DecisionThreads(2, Duration.ofSeconds(30));
        Clock clock = Clock.systemUTC();
        ruleset = new RulesetCompiler(clock).compile(TestRules.grantsDirectory("kafka-decider-rules", 10_000));
        decisions = new ObservedDecisions(new DecisionService(new FactSetReader(100_000), new DecisionEngine(10_000, 20),
                clock), threads, new DecisionMetrics(registry, threads), DecisionLog.disabled(registry), clock);
    }

    @AfterAll
    static void stop() {
        threads.close();
    }

    @Test
    void aReportThatFitsARecordIsDecidedAndOneThatDoesNotIsDeadLetteredAsTooLarge() throws Exception {
        byte[] facts = KafkaTestSupport.utf8(KafkaTestSupport.facts("fits", 1));
        Outcome fits = new RecordDecider(decisions, ReportJson.mapper(), 1 << 20, 1 << 20).decide(facts, ruleset);
        assertThat(fits).isInstanceOf(Outcome.Decided.class);
        int reportBytes = ((Outcome.Decided) fits).json().length;
        assertThat(reportBytes).isGreaterThan(MAX_RECORD - RecordDecider.RECORD_OVERHEAD);

        Outcome tooLarge = new RecordDecider(decisions, ReportJson.mapper(), 1 << 20, MAX_RECORD).decide(facts, ruleset);
        assertThat(tooLarge).isInstanceOf(Outcome.DeadLetter.class);
        Outcome.DeadLetter dead = (Outcome.DeadLetter) tooLarge;
        assertThat(dead.error()).isEqualTo("TOO_LARGE");
        JsonNode body = ReportJson.mapper().readTree(dead.errorBody());
        assertThat(body.path("error").asText()).isEqualTo("TOO_LARGE");
        assertThat(body.path("message").asText()).contains(reportBytes + " bytes", "max.request.size");
    }

    @Test
    void anErrorJsonThatDoesNotFitARecordLosesItsViolationsAndSaysHowMany() throws Exception {
        StringBuilder licenses = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            licenses.append(i == 0 ? "" : ",").append("{\"id\":\"L").append(i).append("\"}"); // no sku, no date
        }
        byte[] facts = KafkaTestSupport.utf8("{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"t\",\"homeGeo\":\"US\"},"
                + "\"licenses\":[" + licenses + "]}");

        Outcome.DeadLetter whole = (Outcome.DeadLetter) new RecordDecider(decisions, ReportJson.mapper(), 1 << 20,
                1 << 20).decide(facts, ruleset);
        JsonNode wholeBody = ReportJson.mapper().readTree(whole.errorBody());
        int violations = wholeBody.path("violations").size();
        assertThat(violations).isGreaterThanOrEqualTo(100);
        assertThat(facts.length + whole.errorBody().length).isGreaterThan(MAX_RECORD);

        Outcome.DeadLetter cut = (Outcome.DeadLetter) new RecordDecider(decisions, ReportJson.mapper(), 1 << 20,
                MAX_RECORD).decide(facts, ruleset);
        JsonNode cutBody = ReportJson.mapper().readTree(cut.errorBody());
        assertThat(cut.error()).isEqualTo("INVALID_FACTS");
        assertThat(cutBody.path("violations")).isEmpty();
        assertThat(cutBody.path("message").asText()).startsWith(wholeBody.path("message").asText())
                .contains(violations + " violations, left out");
    }
}

package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.record;
import static io.cilicensing.kafka.KafkaTestSupport.send;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.cli.Cli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * {@code impact --candidate DIR --kafka BOOTSTRAP --facts-topic T} on the command line, with a
 * real broker: every tenant's latest fact set of the compacted topic is decided with both
 * rulesets, and the report counts exactly the tenants the candidate (GEO-05's date moved) changes.
 */
class FleetImpactCommandTest {
    private static final String FACTS = "fi.facts";

    @Test
    void impactOverTheFactsTopicCountsExactlyTheTenantsWhoseLatestFactsTheCandidateChanges() throws Exception {
        FleetRulesetChangeTest.createCompacted(FACTS);
        Path baseline = FleetRulesetChangeTest.copyOfRules();
        Path candidate = Files.createTempDirectory("fleet-candidate");
        for (Map.Entry<String, String> f : FleetRulesetChangeTest.candidateFiles(baseline).entrySet()) {
            Files.writeString(candidate.resolve(f.getKey()), f.getValue());
        }
        LocalDate from = FleetRulesetChangeTest.visibleFrom(Files.readString(baseline.resolve("policy.drl")));
        LocalDate between = from.plusDays(20);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        Set<String> changed = new TreeSet<>();
        for (int i = 0; i < 8; i++) {
            String tenant = "cli-" + i;
            boolean changes = i % 2 == 0;
            records.add(record(FACTS, tenant, utf8(FleetRulesetChangeTest.facts(tenant,
                    changes ? between : from.minusDays(20), "EU", false))));
            if (changes) {
                changed.add(tenant);
            }
        }
        // the latest fact set counts: an older one that would change does not, a deleted tenant is no tenant
        records.add(record(FACTS, "cli-0", utf8(FleetRulesetChangeTest.facts("cli-0", between, "EU", true))));
        changed.remove("cli-0");
        records.add(record(FACTS, "gone", utf8(FleetRulesetChangeTest.facts("gone", between, "EU", false))));
        records.add(record(FACTS, "gone", null));
        send(FACTS, records);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Cli.run(new String[] {"impact", "--candidate", candidate.toString(), "--baseline",
                baseline.toString(), "--kafka", KafkaTestBroker.servers(), "--facts-topic", FACTS, "--json",
                "--fail-on-change"}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(report.path("source").path("kind").asText()).isEqualTo("kafka");
        assertThat(report.path("replayed").asInt()).isEqualTo(8);
        assertThat(report.path("changed").asInt()).isEqualTo(changed.size());
        Set<String> examples = new TreeSet<>();
        report.path("groups").forEach(g -> g.path("examples").forEach(e -> examples.add(e.path("tenantId").asText())));
        assertThat(examples).isEqualTo(changed);
    }
}

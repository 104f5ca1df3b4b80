package io.cilicensing.kafka;

import static io.cilicensing.kafka.KafkaTestSupport.header;
import static io.cilicensing.kafka.KafkaTestSupport.record;
import static io.cilicensing.kafka.KafkaTestSupport.send;
import static io.cilicensing.kafka.KafkaTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import io.cilicensing.engine.RulesetCompiler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A policy change across the tenant base in a compacted facts topic, with a real broker and the
 * real rules: a candidate that moves GEO-05's date (rules/policy.drl, read here, never written
 * in Java) changes exactly the tenants with an environment outside the home geo, not multi-geo,
 * deciding as of a date between the two; impact over the topic reports exactly those, and once
 * the change is live exactly those get a {@code cause=ruleset-change} decision, and the run's
 * summary says so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rules.watch=false", "rules.gate=false", "rules.worker.enabled=false", "rules.admin-token=fleet-token",
        "rules.impact.on-reload=false", "decisions.time-budget=30s",
        "decisions.kafka.enabled=true", "decisions.kafka.facts-topic=ft.facts",
        "decisions.kafka.decisions-topic=ft.decisions", "decisions.kafka.dead-letter-topic=ft.facts.dlq",
        "decisions.kafka.changes-topic=ft.changes", "decisions.kafka.group-id=ft-decisions"})
class FleetRulesetChangeTest {
    static final String FACTS = "ft.facts";
    static final String DECISIONS = "ft.decisions";
    static final String CHANGES = "ft.changes";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern DATE = Pattern.compile(
            "licensesVisibleInAllGeosFrom\\(\\) \\{ return LocalDate\\.of\\((\\d+), (\\d+), (\\d+)\\); }");

    private static final String MOVING = "moving";
    private static Path rules;
    /** Every tenant's latest fact set, as published before the service starts. */
    private static Map<String, String> latest;
    /** The tenants the candidate changes. */
    private static Set<String> expected;

    @DynamicPropertySource
    static void broker(DynamicPropertyRegistry registry) throws Exception {
        registry.add("spring.kafka.bootstrap-servers", KafkaTestBroker::servers);
        createCompacted(FACTS);
        KafkaTestBroker.createTopics(4, DECISIONS, "ft.facts.dlq", CHANGES);
        rules = copyOfRules();
        registry.add("rules.dir", rules::toString);
        registry.add("decisions.log.path", () -> rules.resolveSibling(rules.getFileName() + "-log.jsonl").toString());
        LocalDate from = visibleFrom(Files.readString(rules.resolve("policy.drl")));
        latest = new LinkedHashMap<>();
        expected = new TreeSet<>();
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        int n = 0;
        // as of: before the date, between the date and the candidate's, after the candidate's
        for (LocalDate asOf : List.of(from.minusDays(10), from.plusDays(10), from.plusDays(40), from.plusDays(90),
                moved(from).plusDays(10))) {
            for (String geo : List.of("US", "EU")) {
                for (boolean multiGeo : List.of(false, true)) {
                    String tenant = "t" + (n++) + "-" + geo + (multiGeo ? "-multi" : "") + "-" + asOf;
                    String facts = facts(tenant, asOf, geo, multiGeo);
                    latest.put(tenant, facts);
                    records.add(record(FACTS, tenant, utf8(facts)));
                    if (!geo.equals("US") && !multiGeo && !asOf.isBefore(from) && asOf.isBefore(moved(from))) {
                        expected.add(tenant);
                    }
                }
            }
        }
        // a tenant whose older fact set would change but whose latest does not: only the latest counts
        String older = "older";
        records.add(record(FACTS, older, utf8(facts(older, from.plusDays(10), "EU", false))));
        String olderLatest = facts(older, from.plusDays(10), "EU", true);
        records.add(record(FACTS, older, utf8(olderLatest)));
        latest.put(older, olderLatest);
        // a tenant the candidate changes, whose newer facts (multi-geo: no change) arrive once the change is live
        records.add(record(FACTS, MOVING, utf8(facts(MOVING, from.plusDays(10), "EU", false))));
        latest.put(MOVING, facts(MOVING, from.plusDays(10), "EU", false));
        expected.add(MOVING);
        // a tenant whose facts cannot be decided: not re-decided, counted by its error
        records.add(record(FACTS, "invalid", utf8("{\"asOf\":\"" + from.plusDays(10)
                + "\",\"tenant\":{\"id\":\"invalid\"},\"licenses\":[{\"id\":\"L1\"}]}")));
        // a deleted tenant (tombstone) that would change: it is no longer a tenant
        records.add(record(FACTS, "deleted", utf8(facts("deleted", from.plusDays(10), "EU", false))));
        records.add(record(FACTS, "deleted", null));
        send(FACTS, records);
    }

    @LocalServerPort
    int port;

    @Test
    void impactOverTheTopicReportsExactlyTheChangedTenantsAndOnceLiveOnlyTheyGetARulesetChangeDecisionOnce()
            throws Exception {
        assertThat(expected).hasSizeGreaterThan(2);
        String live = JSON.readTree(Http.get(port, "/v1/ruleset").body()).path("version").asText();
        // the live consumer has decided every fact set before the change
        awaitDecided(latest.size() + 2);
        Map<String, String> candidate = candidateFiles();

        // before: the impact on every tenant's latest fact set
        Map<String, Object> body = new HashMap<>();
        body.put("files", candidate);
        body.put("source", "kafka");
        HttpResponse<String> answer = Http.postAdmin(port, "/v1/ruleset/impact", "fleet-token",
                JSON.writeValueAsString(body));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode impact = JSON.readTree(answer.body());
        assertThat(impact.path("source").path("kind").asText()).isEqualTo("kafka");
        assertThat(impact.path("replayed").asInt()).isEqualTo(latest.size());
        assertThat(impact.path("notReplayable").asInt()).isEqualTo(1);
        assertThat(impact.path("changed").asInt()).isEqualTo(expected.size());
        Set<String> examples = new TreeSet<>();
        impact.path("groups").forEach(g -> {
            assertThat(g.path("rules").toString()).contains("GEO-05");
            g.path("examples").forEach(e -> examples.add(e.path("tenantId").asText()));
        });
        assertThat(expected).containsAll(examples);

        // after: the change goes live; a tenant's newer facts arrive during the run
        String moving = MOVING;
        String newest = latest.get(moving).replace("\"multiGeo\":false", "\"multiGeo\":true");
        for (Map.Entry<String, String> f : candidate.entrySet()) {
            Files.writeString(rules.resolve(f.getKey()), f.getValue());
        }
        // another instance took part, re-decided a changed tenant of one partition and died: its progress is
        // in the run group's committed offset, and the run goes on from there (that tenant is not decided twice)
        String dead = deadInstanceDidOneChangedTenant(live,
                RulesetCompiler.version(RulesetCompiler.readDirectory(rules)));
        HttpResponse<String> reload = Http.postAdmin(port, "/v1/ruleset/reload", "fleet-token", "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        String next = JSON.readTree(reload.body()).path("liveVersion").asText();
        assertThat(next).isNotEqualTo(live);
        send(FACTS, List.of(record(FACTS, moving, utf8(newest))));

        List<ConsumerRecord<byte[], byte[]>> summaries = KafkaTestSupport.awaitRecords(CHANGES, next::equals, 1, WAIT);
        assertThat(summaries).hasSize(1);
        JsonNode summary = JSON.readTree(summaries.get(0).value());
        assertThat(summary.path("fromVersion").asText()).isEqualTo(live);
        assertThat(summary.path("toVersion").asText()).isEqualTo(next);
        assertThat(summary.path("redecided").asInt() + summary.path("newerFacts").asInt()).isEqualTo(latest.size());
        assertThat(summary.path("byError").toString()).isEqualTo("{\"INVALID_FACTS\":1}");

        Map<String, List<ConsumerRecord<byte[], byte[]>>> decisions = decisionsByTenant(latest.size() + 2);
        Set<String> redecided = new TreeSet<>();
        decisions.forEach((tenant, list) -> list.stream()
                .filter(r -> FleetRedecider.RULESET_CHANGE.equals(header(r, FleetRedecider.CAUSE)))
                .forEach(r -> {
                    redecided.add(tenant);
                    assertThat(header(r, FleetRedecider.PREVIOUS_VERSION)).isEqualTo(live);
                    assertThat(header(r, "ruleset-version")).isEqualTo(next);
                }));
        Set<String> changed = new TreeSet<>(expected);
        if (!redecided.contains(moving)) { // its newer facts came before the run took its partition's end
            changed.remove(moving);
        }
        Set<String> byThisInstance = new TreeSet<>(changed);
        byThisInstance.remove(dead);
        assertThat(redecided).isEqualTo(byThisInstance).doesNotContain("invalid");
        assertThat(summary.path("changed").asInt()).isEqualTo(changed.size());
        assertThat(summary.path("byRule").path("GEO-05").asInt()).isEqualTo(changed.size());

        // the tenant whose facts arrived during the run ends with the decision of its latest facts
        List<ConsumerRecord<byte[], byte[]>> ofMoving = decisions.get(moving);
        JsonNode last = JSON.readTree(ofMoving.get(ofMoving.size() - 1).value());
        assertThat(last.path("findings").toString()).doesNotContain("LICENSES_NOT_VISIBLE_IN_GEO");
        assertThat(header(ofMoving.get(ofMoving.size() - 1), "ruleset-version")).isEqualTo(next);

        JsonNode run = JSON.readTree(Http.get(port, "/v1/ruleset").body()).path("rulesetChangeRun");
        assertThat(run.path("state").asText()).isEqualTo("DONE");
        assertThat(run.path("changed").asInt()).isEqualTo(changed.size());
    }

    /**
     * Commits, as the run group of {@code next} would after one transaction of an instance that then
     * died, the progress of the partition of a changed tenant up to that tenant, with its counts;
     * answers the tenant.
     */
    private static String deadInstanceDidOneChangedTenant(String live, String next) {
        List<FactsTopicSnapshot.Tenant> tenants = FactsTopicSnapshot.read(KafkaTestBroker.servers(), FACTS, Map.of(),
                java.util.function.UnaryOperator.identity());
        FactsTopicSnapshot.Tenant done = tenants.stream()
                .filter(t -> expected.contains(t.key()) && !t.key().equals(MOVING)).findFirst().orElseThrow();
        List<String> before = tenants.stream().filter(t -> t.partition() == done.partition()
                && t.offset() <= done.offset()).map(FactsTopicSnapshot.Tenant::key).toList();
        TopicPartition p = new TopicPartition(FACTS, done.partition());
        Map<String, Object> props = Map.of("bootstrap.servers", KafkaTestBroker.servers(),
                "group.id", "ft-decisions.ruleset-change." + next, "enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long end = c.endOffsets(List.of(p)).get(p);
            FleetRedecider.Progress progress = FleetRedecider.Progress.start(end, live, java.time.Instant.now());
            progress.redecided = before.stream().filter(latest::containsKey).count();
            if (before.contains("invalid")) {
                progress.byError.put("INVALID_FACTS", 1L);
            }
            progress.changed = 1;
            progress.byRule.put("GEO-05", 1L);
            c.assign(List.of(p));
            c.commitSync(Map.of(p, new OffsetAndMetadata(done.offset() + 1, progress.json(JSON))));
        }
        return done.key();
    }

    /** Waits until the decisions topic holds {@code count} decisions (read_committed). */
    private static void awaitDecided(int count) {
        assertThat(KafkaTestSupport.awaitRecords(DECISIONS, k -> true, count, WAIT)).hasSizeGreaterThanOrEqualTo(count);
    }

    /** Every decision of the topic by tenant, in order, once the idle reader has seen them all. */
    private static Map<String, List<ConsumerRecord<byte[], byte[]>>> decisionsByTenant(int atLeast) {
        Map<String, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : KafkaTestSupport.awaitRecords(DECISIONS, k -> true, Integer.MAX_VALUE,
                Duration.ofSeconds(3))) {
            out.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), k -> new ArrayList<>()).add(r);
        }
        assertThat(out.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(atLeast);
        return out;
    }

    static String facts(String tenant, LocalDate asOf, String geo, boolean multiGeo) {
        return """
                {"asOf":"%sT09:00:00Z","tenant":{"id":"%s","homeGeo":"US","multiGeo":%s},\
                "licenses":[{"id":"L1","sku":"CI_BASE","purchasedOn":"2023-10-02"}],\
                "environments":[{"id":"E1","type":"PRODUCTION","geo":"%s","apps":["JOURNEYS_REAL_TIME"]}]}"""
                .formatted(asOf, tenant, multiGeo, geo);
    }

    static LocalDate visibleFrom(String policy) {
        Matcher m = DATE.matcher(policy);
        assertThat(m.find()).as("GEO-05's date in policy.drl").isTrue();
        return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /** The candidate's date: half a year after the live one. */
    static LocalDate moved(LocalDate from) {
        return from.plusMonths(6);
    }

    /** The rules directory's files with GEO-05's date moved ({@link #moved}). */
    static Map<String, String> candidateFiles() throws IOException {
        return candidateFiles(rules);
    }

    static Map<String, String> candidateFiles(Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                files.put(f.getFileName().toString(), Files.readString(f));
            }
        }
        String policy = files.get("policy.drl");
        LocalDate to = moved(visibleFrom(policy));
        files.put("policy.drl", DATE.matcher(policy).replaceFirst("licensesVisibleInAllGeosFrom() { return LocalDate.of("
                + to.getYear() + ", " + to.getMonthValue() + ", " + to.getDayOfMonth() + "); }"));
        return files;
    }

    /** A temporary copy of the project's rules/ directory. */
    static Path copyOfRules() {
        try {
            Path dir = Files.createTempDirectory("fleet-rules");
            try (Stream<Path> list = Files.list(Path.of("rules"))) {
                for (Path f : list.filter(Files::isRegularFile).toList()) {
                    Files.copy(f, dir.resolve(f.getFileName()));
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A compacted topic of four partitions. */
    static void createCompacted(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestBroker.servers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }
    }
}

package io.cilicensing.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.Sha256;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The decision log keeps each decision's fact set: once per file, compressed when large, not at all past the cap. */
class DecisionLogFactsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FactsPolicy POLICY = new FactsPolicy(true, 200, 2_000);

    @TempDir
    Path dir;

    static DecisionLogEntry entry(int i, byte[] body) {
        return new DecisionLogEntry("d-" + i, Instant.parse("2024-07-01T09:00:00Z").plusSeconds(i), "t-" + i,
                Instant.parse("2024-07-01T00:00:00Z"), "v1", "COMPLIANT", List.of(), List.of(), Sha256.hex(body), 10,
                null, null);
    }

    static byte[] body(String tenant, int padding) {
        return ("{\"asOf\":\"2024-07-01\",\n \"tenant\":{\"id\":\"" + tenant + "\",\"homeGeo\":\"US\"},\"note\":\"é "
                + "x".repeat(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file)) {
            out.add(JSON.readTree(l));
        }
        return out;
    }

    @Test
    void theFirstLineWithABodyCarriesItAndLaterLinesWithTheSameBodyReferToIt() throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DecisionLog log = new DecisionLog(new RotatingFile(file, 1 << 30, 2), 100, POLICY, new SimpleMeterRegistry());
        byte[] a = body("a", 10);
        byte[] b = body("b", 10);
        log.append(entry(0, a), a);
        log.append(entry(1, a), a.clone());
        log.append(entry(2, b), b);
        log.append(entry(3, a), a);
        log.close();

        List<JsonNode> lines = lines(file);
        assertThat(lines).extracting(n -> n.path("factsStorage").asText())
                .containsExactly("inline", "ref", "inline", "ref");
        assertThat(lines.get(0).path("facts").asText()).isEqualTo(new String(a, StandardCharsets.UTF_8));
        assertThat(lines.get(1).has("facts")).isFalse();
        assertThat(lines.get(1).path("factsBytes").asInt()).isEqualTo(a.length);

        List<LoggedDecision> read = DecisionLogReader.read(List.of(file), null, null, d -> true).decisions();
        assertThat(read).extracting(LoggedDecision::decisionId).containsExactly("d-0", "d-1", "d-2", "d-3");
        assertThat(read.get(1).body()).isEqualTo(a);
        assertThat(read.get(2).body()).isEqualTo(b);
        assertThat(read.get(3).body()).isEqualTo(a);
        assertThat(read).allSatisfy(d -> assertThat(d.problem()).isNull());
    }

    @Test
    void bodiesOverTheThresholdAreGzippedAndBodiesOverTheCapAreNotStored() throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DecisionLog log = new DecisionLog(new RotatingFile(file, 1 << 30, 2), 100, POLICY, new SimpleMeterRegistry());
        byte[] medium = body("m", 1_000);
        byte[] huge = body("h", 5_000);
        log.append(entry(0, medium), medium);
        log.append(entry(1, huge), huge);
        log.close();

        List<JsonNode> lines = lines(file);
        assertThat(lines.get(0).path("factsStorage").asText()).isEqualTo("gzip");
        assertThat(lines.get(0).path("facts").asText().length()).isLessThan(medium.length / 2);
        assertThat(lines.get(1).path("factsStorage").asText()).isEqualTo("omitted");
        assertThat(lines.get(1).path("factsBytes").asInt()).isEqualTo(huge.length);
        assertThat(lines.get(1).has("facts")).isFalse();

        List<LoggedDecision> read = DecisionLogReader.read(List.of(file), null, null, d -> true).decisions();
        assertThat(read.get(0).body()).isEqualTo(medium);
        assertThat(read.get(1).body()).isNull();
        assertThat(read.get(1).problem()).contains("over decisions.log.facts-max-size");
    }

    @Test
    void bodiesWaitingForTheWriterAreHeldToTheQueueLimitPastWhichTheLineSaysSo() throws Exception {
        DecisionLogTest.BlockingSink sink = new DecisionLogTest.BlockingSink();
        byte[] a = body("a", 100);
        byte[] b = body("b", 100);
        byte[] c = body("c", 100);
        // room for two bodies in the queue while the writer is held up
        DecisionLog log = new DecisionLog(sink, 100, new FactsPolicy(true, 10_000, 10_000, 2L * a.length + 10),
                new SimpleMeterRegistry());
        log.append(entry(0, a), a);
        assertThat(sink.entered.await(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue(); // writer holds line 0
        log.append(entry(1, b), b);
        log.append(entry(2, c), c);
        log.append(entry(3, a), a.clone()); // over the limit: not kept
        sink.release.countDown();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (sink.lines.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        log.append(entry(4, c), c); // the limit is freed as lines are written: kept again (as a ref: c is in the file)
        log.close();

        List<JsonNode> lines = new ArrayList<>();
        for (String l : sink.lines) {
            lines.add(JSON.readTree(l));
        }
        assertThat(lines).extracting(n -> n.path("factsStorage").asText())
                .containsExactly("inline", "inline", "inline", "omitted", "ref");
        assertThat(lines.get(3).path("factsOmitted").asText()).isEqualTo("queue");
    }

    @Test
    void aNewFileAfterRotationCarriesTheBodyAgainSoEveryFileReadsOnItsOwn() throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        byte[] a = body("a", 10);
        DecisionLog probe = new DecisionLog(new RotatingFile(dir.resolve("probe.jsonl"), 1 << 30, 1), 10, POLICY,
                new SimpleMeterRegistry());
        probe.append(entry(10, a), a);
        probe.close();
        long inlineLine = Files.size(dir.resolve("probe.jsonl"));
        // room for the line carrying the body and one referring line per file
        DecisionLog log = new DecisionLog(new RotatingFile(file, 2 * inlineLine + 20, 5), 100, POLICY,
                new SimpleMeterRegistry());
        for (int i = 10; i < 20; i++) {
            log.append(entry(i, a), a);
        }
        log.close();

        List<Path> files = DecisionLogReader.withRotated(file);
        assertThat(files).hasSizeGreaterThan(2);
        for (Path f : files) {
            List<JsonNode> lines = lines(f);
            assertThat(lines.get(0).path("factsStorage").asText()).as(f.toString()).isEqualTo("inline");
            assertThat(lines).as(f.toString()).hasSize(2);
            assertThat(lines.subList(1, lines.size())).allSatisfy(n ->
                    assertThat(n.path("factsStorage").asText()).isEqualTo("ref"));
            List<LoggedDecision> alone = DecisionLogReader.read(List.of(f), null, null, d -> true).decisions();
            assertThat(alone).allSatisfy(d -> assertThat(d.body()).isEqualTo(a));
        }
        List<LoggedDecision> all = DecisionLogReader.read(files, null, null, d -> true).decisions();
        assertThat(all.get(all.size() - 1).decisionId()).isEqualTo("d-19");
    }

    @Test
    void withFactsOffTheLinesHaveNoFactSet() throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DecisionLog log = new DecisionLog(new RotatingFile(file, 1 << 30, 2), 100, FactsPolicy.OFF,
                new SimpleMeterRegistry());
        byte[] a = body("a", 10);
        log.append(entry(0, a), a);
        log.close();

        JsonNode line = lines(file).get(0);
        assertThat(line.has("factsStorage")).isFalse();
        assertThat(line.has("facts")).isFalse();
        LoggedDecision d = DecisionLogReader.read(List.of(file), null, null, x -> true).decisions().get(0);
        assertThat(d.body()).isNull();
        assertThat(d.problem()).contains("no fact set");
    }

    @Test
    void readingSelectsTheTimeWindowAndTheLastNAndSkipsACutOffLine() throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        DecisionLog log = new DecisionLog(new RotatingFile(file, 1 << 30, 2), 100, POLICY, new SimpleMeterRegistry());
        for (int i = 0; i < 10; i++) {
            byte[] b = body("t" + i, 1);
            log.append(entry(i, b), b);
        }
        log.close();
        Files.writeString(file, "{\"decisionId\":\"d-cut", java.nio.file.StandardOpenOption.APPEND);

        DecisionLogReader.Result since = DecisionLogReader.read(List.of(file),
                Instant.parse("2024-07-01T09:00:07Z"), null, d -> true);
        assertThat(since.decisions()).extracting(LoggedDecision::decisionId).containsExactly("d-7", "d-8", "d-9");
        assertThat(since.unreadableLines()).isEqualTo(1);
        assertThat(DecisionLogReader.read(List.of(file), null, 2, d -> true).decisions())
                .extracting(LoggedDecision::decisionId).containsExactly("d-8", "d-9");
    }
}

package io.cilicensing.decisionlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static DecisionLogEntry entry(int i) {
        return new DecisionLogEntry("d-" + i, Instant.parse("2024-07-01T09:00:00Z"), "t-" + i,
                Instant.parse("2024-07-01T00:00:00Z"), "v1", "COMPLIANT", List.of("CODE"), List.of(), "ab", 10, null,
                null);
    }

    static double dropped(MeterRegistry registry, String reason) {
        return registry.get(DecisionLog.DROPPED).tag("reason", reason).counter().count();
    }

    /** A sink that blocks in write until released, recording what it was given. */
    static final class BlockingSink implements DecisionLog.Sink {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final List<String> lines = new ArrayList<>();
        volatile boolean closed;

        @Override
        public void write(byte[] line) throws IOException {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            synchronized (lines) {
                lines.add(new String(line, StandardCharsets.UTF_8));
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aFullQueueDropsTheEntryCountsItAndDoesNotBlockTheCaller() throws Exception {
        MeterRegistry registry = new SimpleMeterRegistry();
        BlockingSink sink = new BlockingSink();
        DecisionLog log = new DecisionLog(sink, 1, registry);

        log.append(entry(0));
        assertThat(sink.entered.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds entry 0
        log.append(entry(1)); // fills the queue
        // the writer stays blocked until release: an append that waited for room would never
        // return, so this is a hang guard, not a speed check
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(30), () -> {
            log.append(entry(2));
            log.append(entry(3));
        });

        assertThat(dropped(registry, "queue_full")).isEqualTo(2.0);
        sink.release.countDown();
        log.close();
        assertThat(sink.lines).hasSize(2);
        assertThat(JSON.readTree(sink.lines.get(1)).path("decisionId").asText()).isEqualTo("d-1");
        assertThat(sink.closed).isTrue();
    }

    @Test
    void closeWritesEverythingQueuedThenClosesTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        MeterRegistry registry = new SimpleMeterRegistry();
        DecisionLog log = new DecisionLog(new RotatingFile(file, 1 << 30, 1), 10_000, registry);

        for (int i = 0; i < 5_000; i++) {
            log.append(entry(i));
        }
        log.close();
        log.append(entry(5_000));

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(5_000);
        assertThat(JSON.readTree(lines.get(4_999)).path("decisionId").asText()).isEqualTo("d-4999");
        assertThat(dropped(registry, "queue_full")).isZero();
        assertThat(dropped(registry, "closed")).isEqualTo(1.0);
    }

    @Test
    void theFileIsRotatedBeforeALineWouldPassTheCapKeepingTheConfiguredNumberOfOlderFiles(@TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("decisions.jsonl");
        int lineBytes = io.cilicensing.report.ReportJson.mapper().writeValueAsBytes(entry(10)).length + 1;
        DecisionLog log = new DecisionLog(new RotatingFile(file, 3L * lineBytes + 10, 2), 100,
                new SimpleMeterRegistry());

        for (int i = 10; i < 30; i++) { // 20 lines of equal length, three to a file: 10-12, ..., 25-27, 28-29
            log.append(entry(i));
        }
        log.close();

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("decisions.jsonl", "decisions.jsonl.1", "decisions.jsonl.2");
        }
        List<String> newest = Files.readAllLines(file);
        List<String> previous = Files.readAllLines(dir.resolve("decisions.jsonl.1"));
        List<String> oldest = Files.readAllLines(dir.resolve("decisions.jsonl.2"));
        assertThat(ids(newest)).containsExactly("d-28", "d-29");
        assertThat(ids(previous)).containsExactly("d-25", "d-26", "d-27");
        assertThat(ids(oldest)).containsExactly("d-22", "d-23", "d-24");
        for (Path p : List.of(file, dir.resolve("decisions.jsonl.1"), dir.resolve("decisions.jsonl.2"))) {
            assertThat(Files.size(p)).isLessThanOrEqualTo(3L * lineBytes + 10);
        }
    }

    @Test
    void anUnwritableFileDropsAndCountsEntriesAsIoErrors(@TempDir Path dir) throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        MeterRegistry registry = new SimpleMeterRegistry();
        DecisionLog log = new DecisionLog(new RotatingFile(notADirectory.resolve("decisions.jsonl"), 1000, 1), 10,
                registry);

        log.append(entry(0));
        log.append(entry(1));
        log.close();

        assertThat(dropped(registry, "io_error")).isEqualTo(2.0);
    }

    private static List<String> ids(List<String> lines) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String l : lines) {
            JsonNode n = JSON.readTree(l);
            ids.add(n.path("decisionId").asText());
        }
        return ids;
    }
}

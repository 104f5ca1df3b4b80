package io.cilicensing.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Checks, from outside the service, that every fact set in the facts topic came out exactly once:
 * one record in the decisions topic or the dead-letter topic (read_committed) naming it in its
 * source headers, with the fact set's key; a dead letter with the fact set's bytes; the decisions
 * of one source partition in the order of their offsets. Optionally each decision is compared
 * with what a running service answers over HTTP for the same bytes.
 */
public final class ExactlyOnceCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 10;

    /** A source record: partition and offset in the facts topic. */
    public record Source(int partition, long offset) {
        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }

    public record Result(int inputs, int decided, int deadLettered, List<Source> missing, List<Source> duplicated,
                         List<String> problems, Map<String, Integer> deadLetteredByError) {
        public boolean holds() {
            return missing.isEmpty() && duplicated.isEmpty() && problems.isEmpty();
        }

        public String summary() {
            StringBuilder s = new StringBuilder();
            s.append("fact sets: ").append(inputs).append(", decided: ").append(decided)
                    .append(", dead-lettered: ").append(deadLettered).append(' ').append(deadLetteredByError)
                    .append("\nmissing: ").append(missing.size()).append(shown(missing))
                    .append("\nmore than once: ").append(duplicated.size()).append(shown(duplicated))
                    .append("\nother problems: ").append(problems.size()).append(shown(problems))
                    .append('\n').append(holds() ? "EXACTLY ONCE: holds" : "EXACTLY ONCE: FAILS");
            return s.toString();
        }

        private static String shown(List<?> items) {
            return items.isEmpty() ? "" : " " + items.subList(0, Math.min(SHOWN, items.size()))
                    + (items.size() > SHOWN ? " ..." : "");
        }
    }

    private ExactlyOnceCheck() {}

    public static Result run(String servers, String factsTopic, String decisionsTopic, String deadLetterTopic,
                             Duration idle, URI compareWith) {
        Map<Source, ConsumerRecord<byte[], byte[]>> inputs = new LinkedHashMap<>();
        try (TopicReader facts = new TopicReader(servers, List.of(factsTopic))) {
            facts.readUntil(r -> inputs.put(new Source(r.partition(), r.offset()), r), () -> true, idle);
        }
        Map<Source, Integer> seen = new HashMap<>();
        List<String> problems = new ArrayList<>();
        Map<String, Integer> byError = new LinkedHashMap<>();
        int[] counts = new int[2];
        Map<String, Long> lastOffset = new HashMap<>(); // decisions partition + source partition -> source offset
        HttpAnswers http = compareWith == null ? null : new HttpAnswers(compareWith);
        try (TopicReader out = new TopicReader(servers, List.of(decisionsTopic, deadLetterTopic))) {
            out.readUntil(r -> {
                if (!factsTopic.equals(header(r, FactSetListener.SOURCE_TOPIC))) {
                    return;
                }
                Source source;
                try {
                    source = new Source(Integer.parseInt(header(r, FactSetListener.SOURCE_PARTITION)),
                            Long.parseLong(header(r, FactSetListener.SOURCE_OFFSET)));
                } catch (NumberFormatException e) {
                    problems.add(r.topic() + "-" + r.partition() + "@" + r.offset() + ": no source coordinates");
                    return;
                }
                seen.merge(source, 1, Integer::sum);
                ConsumerRecord<byte[], byte[]> input = inputs.get(source);
                if (input == null) {
                    problems.add(source + ": names a fact set the facts topic does not hold");
                    return;
                }
                if (!Arrays.equals(input.key(), r.key()) && input.key() != null) {
                    problems.add(source + ": key " + text(r.key()) + " is not the fact set's " + text(input.key()));
                }
                if (r.topic().equals(deadLetterTopic)) {
                    counts[1]++;
                    byError.merge(Objects.toString(header(r, FactSetListener.ERROR)), 1, Integer::sum);
                    if (!Arrays.equals(input.value(), r.value())) {
                        problems.add(source + ": the dead letter's bytes are not the fact set's");
                    }
                    if (http != null) {
                        http.checkError(source, input.value(), header(r, FactSetListener.ERROR),
                                header(r, FactSetListener.ERROR_BODY), problems);
                    }
                } else {
                    counts[0]++;
                    String order = r.partition() + "/" + source.partition();
                    Long before = lastOffset.put(order, source.offset());
                    if (before != null && before >= source.offset()) {
                        problems.add(source + ": published after the decision of offset " + before
                                + " of the same partition");
                    }
                    if (http != null) {
                        http.checkReport(source, input.value(), r.value(), problems);
                    }
                }
            }, () -> seen.keySet().containsAll(inputs.keySet()), idle);
        }
        List<Source> missing = inputs.keySet().stream().filter(s -> !seen.containsKey(s)).toList();
        List<Source> duplicated = seen.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey)
                .sorted(java.util.Comparator.comparingInt(Source::partition).thenComparingLong(Source::offset)).toList();
        return new Result(inputs.size(), counts[0], counts[1], missing, duplicated, problems, byError);
    }

    static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return b == null ? "(none)" : new String(b, StandardCharsets.UTF_8);
    }

    /**
     * A report with what may differ between two decisions of the same fact set taken away: the
     * decision id, the ruleset's load time, and the instant decided for when the fact set names
     * none (then it is the clock's).
     */
    public static JsonNode comparable(byte[] report, byte[] facts) throws IOException {
        ObjectNode o = (ObjectNode) JSON.readTree(report);
        o.remove("decisionId");
        if (o.get("ruleset") instanceof ObjectNode ruleset) {
            ruleset.remove("loadedAt");
        }
        JsonNode in = JSON.readTree(facts);
        if (!in.has("asOf")) {
            o.remove("asOf");
        }
        return o;
    }

    /** What POST /v1/decisions answers for each distinct fact set, asked once. */
    private static final class HttpAnswers {
        private final HttpClient client = HttpClient.newHttpClient();
        private final URI base;
        private final Map<String, HttpResponse<byte[]>> answers = new HashMap<>();

        HttpAnswers(URI base) {
            this.base = base;
        }

        HttpResponse<byte[]> answer(byte[] body) {
            return answers.computeIfAbsent(Sha256.hex(body), k -> {
                try {
                    return client.send(HttpRequest.newBuilder(base.resolve("/v1/decisions"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        }

        void checkReport(Source source, byte[] facts, byte[] report, List<String> problems) {
            HttpResponse<byte[]> a = answer(facts);
            try {
                if (a.statusCode() != 200) {
                    problems.add(source + ": decided over Kafka, HTTP answers " + a.statusCode());
                } else if (!comparable(report, facts).equals(comparable(a.body(), facts))) {
                    problems.add(source + ": the report differs from what HTTP answers");
                }
            } catch (IOException e) {
                problems.add(source + ": the report is not JSON");
            }
        }

        void checkError(Source source, byte[] facts, String error, String errorBody, List<String> problems) {
            HttpResponse<byte[]> a = answer(facts == null ? new byte[0] : facts);
            try {
                JsonNode answered = JSON.readTree(a.body());
                if (!answered.path("error").asText().equals(error)
                        || errorBody == null || !JSON.readTree(errorBody).equals(answered)) {
                    problems.add(source + ": dead-lettered as " + error + ", HTTP answers " + a.statusCode()
                            + " " + answered.path("error").asText());
                }
            } catch (IOException e) {
                problems.add(source + ": the error body is not JSON");
            }
        }
    }
}

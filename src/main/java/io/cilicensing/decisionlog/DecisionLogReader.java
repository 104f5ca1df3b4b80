package io.cilicensing.decisionlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * Reads decisions back from decision log files (the line format of README > Operations >
 * Decision log), resolving each line's fact set: carried on the line ({@code inline},
 * {@code gzip}) or on an earlier line of the same file ({@code ref}).
 */
public final class DecisionLogReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What was read: the decisions selected (oldest first) and the lines that could not be read. */
    public record Result(List<LoggedDecision> decisions, List<Path> files, int unreadableLines) {}

    private DecisionLogReader() {}

    /**
     * The log file and its rotated predecessors ({@code name.1} newest ... {@code name.N} oldest),
     * oldest first; only those that exist.
     */
    public static List<Path> withRotated(Path file) {
        List<Path> older = new ArrayList<>();
        for (int i = 1; ; i++) {
            Path p = file.resolveSibling(file.getFileName() + "." + i);
            if (!Files.exists(p)) {
                break;
            }
            older.add(0, p);
        }
        List<Path> all = new ArrayList<>(older);
        if (Files.exists(file)) {
            all.add(file);
        }
        return all;
    }

    /**
     * The decisions of {@code files} (oldest file first, as {@link #withRotated} lists them)
     * logged at or after {@code since} (null: all) and accepted by {@code filter}, at most the
     * last {@code last} of them (null: all), oldest first. Files are read newest first, each
     * whole (a line may refer to an earlier line of its file), and reading stops at the first
     * file that already covers the window: older files are not read.
     */
    public static Result read(List<Path> files, Instant since, Integer last, Predicate<LoggedDecision> filter) {
        ArrayDeque<LoggedDecision> kept = new ArrayDeque<>();
        int unreadable = 0;
        List<Path> read = new ArrayList<>();
        for (int f = files.size() - 1; f >= 0; f--) {
            Path file = files.get(f);
            read.add(0, file);
            List<LoggedDecision> ofFile = new ArrayList<>();
            Map<String, byte[]> bodies = new HashMap<>();
            boolean reachesBeforeSince = false;
            try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    LoggedDecision d = parse(line, bodies, file.toString());
                    if (d == null) {
                        unreadable++;
                        continue;
                    }
                    if (since != null && (d.time() == null || d.time().isBefore(since))) {
                        reachesBeforeSince = true;
                        continue;
                    }
                    if (filter.test(d)) {
                        ofFile.add(d);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the decision log " + file + ": " + e.getMessage(), e);
            }
            for (int i = ofFile.size() - 1; i >= 0 && (last == null || kept.size() < last); i--) {
                kept.addFirst(ofFile.get(i));
            }
            if ((last != null && kept.size() >= last) || reachesBeforeSince) {
                break;
            }
        }
        return new Result(List.copyOf(kept), List.copyOf(read), unreadable);
    }

    /** One line, or null when it is not a decision log line (e.g. cut off by a crash). */
    static LoggedDecision parse(String line, Map<String, byte[]> bodies, String file) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
        if (n == null || !n.isObject() || !n.hasNonNull("decisionId")) {
            return null;
        }
        String sha = n.path("bodySha256").asText(null);
        String storage = n.path("factsStorage").asText(null);
        byte[] body = null;
        String problem = null;
        try {
            if (storage == null) {
                problem = "the log line has no fact set (written with decisions.log.facts=false, or before fact sets were logged)";
            } else {
                switch (storage) {
                    case "inline" -> body = n.path("facts").asText().getBytes(StandardCharsets.UTF_8);
                    case "gzip" -> body = gunzip(Base64.getDecoder().decode(n.path("facts").asText()));
                    case "ref" -> {
                        body = sha == null ? null : bodies.get(sha);
                        if (body == null) {
                            problem = "the fact set refers to an earlier line of " + file + " that is not there";
                        }
                    }
                    case "omitted" -> problem = "the fact set (" + n.path("factsBytes").asLong() + " bytes) was not "
                            + ("queue".equals(n.path("factsOmitted").asText())
                            ? "logged: the bodies waiting for the writer were over decisions.log.facts-queue-max-size"
                            : "logged: it was over decisions.log.facts-max-size");
                    default -> problem = "unknown factsStorage '" + storage + "'";
                }
            }
        } catch (IllegalArgumentException | IOException e) {
            problem = "the logged fact set cannot be decoded: " + e.getMessage();
            body = null;
        }
        if (body != null && sha != null && ("inline".equals(storage) || "gzip".equals(storage))) {
            bodies.put(sha, body);
        }
        return new LoggedDecision(n.path("decisionId").asText(), instant(n.path("time")),
                n.path("tenantId").asText(null), instant(n.path("asOf")), n.path("rulesetVersion").asText(null),
                n.path("verdict").asText(null), sha, body, problem, file);
    }

    private static Instant instant(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}

package io.cilicensing.reload;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.impact.ImpactReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every ruleset that went live (at start, after a file change, an admin reload, an apply or a
 * rollback), kept on disk under {@code rules.history.dir}: {@code history.json} lists the entries
 * (version, time, trigger, who, message, files changed, impact), {@code versions/<version>.json}
 * holds each version's files, content-addressed by the version (the SHA-256 of the files, the
 * same on every instance). Both are written to a temporary file first and renamed over the old
 * one, so a crash never leaves half a file. A failure to write is logged and never undoes a
 * ruleset that went live.
 */
public final class RulesetHistory implements RulesetReloader.LiveListener, RulesetReloader.ImpactListener {
    private static final Logger log = LoggerFactory.getLogger(RulesetHistory.class);
    private static final Pattern VERSION = Pattern.compile("[0-9a-f]{64}");

    /** Which rule files an entry added, changed and removed, against the version live before it. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "FilesChanged")
    @JsonPropertyOrder({"added", "changed", "removed"})
    public record FilesChanged(List<String> added, List<String> changed, List<String> removed) {
        static FilesChanged between(SortedMap<String, String> before, SortedMap<String, String> after) {
            List<String> added = new ArrayList<>();
            List<String> changed = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            Map<String, String> was = before == null ? Map.of() : before;
            after.forEach((name, text) -> {
                if (!was.containsKey(name)) {
                    added.add(name);
                } else if (!was.get(name).equals(text)) {
                    changed.add(name);
                }
            });
            was.keySet().stream().filter(n -> !after.containsKey(n)).forEach(removed::add);
            return new FilesChanged(added, changed, removed);
        }
    }

    /** One ruleset going live. {@code impactState}: PENDING, DONE (with {@code impact}), FAILED, or null when none was run. */
    @io.swagger.v3.oas.annotations.media.Schema(name = "HistoryEntry")
    @JsonPropertyOrder({"seq", "version", "time", "trigger", "who", "message", "previousVersion", "filesChanged",
            "impactState", "impact"})
    public record Entry(int seq, String version, Instant time, String trigger, String who, String message,
                        String previousVersion, FilesChanged filesChanged, String impactState, ImpactReport impact) {
        Entry withImpact(String state, ImpactReport report) {
            return new Entry(seq, version, time, trigger, who, message, previousVersion, filesChanged, state, report);
        }
    }

    /** A version's rule files. */
    @JsonPropertyOrder({"version", "files"})
    public record VersionFiles(String version, SortedMap<String, String> files) {}

    /** The file {@code history.json}. */
    private record Stored(List<Entry> entries) {}

    private final Path dir;
    private final ObjectMapper json;
    private final List<Entry> entries = new ArrayList<>();
    private final Map<ReloadAttempt, Integer> pendingImpact = new IdentityHashMap<>();

    public RulesetHistory(Path dir, ObjectMapper json) {
        this.dir = dir;
        this.json = json;
        Path file = dir.resolve("history.json");
        if (Files.isRegularFile(file)) {
            try {
                Stored stored = json.readValue(file.toFile(), Stored.class);
                if (stored.entries() != null) {
                    for (Entry e : stored.entries()) {
                        // an impact that was running when the service stopped will not finish
                        entries.add(ReloadAttempt.IMPACT_PENDING.equals(e.impactState())
                                ? e.withImpact(ReloadAttempt.IMPACT_FAILED, null) : e);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the ruleset history " + file.toAbsolutePath().normalize()
                        + " cannot be read (" + e.getMessage() + "); move it away or set rules.history.dir", e);
            }
        }
    }

    public Path dir() {
        return dir;
    }

    @Override
    public synchronized void wentLive(ReloadAttempt attempt, String previousVersion, SortedMap<String, String> previousFiles,
                                      SortedMap<String, String> files, Change change) {
        String version = attempt.version();
        storeFiles(version, files);
        if (Change.START.equals(change.trigger()) && !entries.isEmpty()
                && entries.get(entries.size() - 1).version().equals(version)) {
            return; // a restart with the rules that were live: nothing new went live
        }
        int seq = entries.isEmpty() ? 1 : entries.get(entries.size() - 1).seq() + 1;
        Entry entry = new Entry(seq, version, attempt.time(), change.trigger(), change.who(), change.message(),
                previousVersion, FilesChanged.between(previousFiles, files), attempt.impactState(), attempt.impact());
        entries.add(entry);
        if (ReloadAttempt.IMPACT_PENDING.equals(attempt.impactState())) {
            pendingImpact.put(attempt, seq);
        }
        save();
    }

    @Override
    public synchronized void impact(ReloadAttempt attempt, String state, ImpactReport report) {
        Integer seq = pendingImpact.remove(attempt);
        if (seq == null) {
            return;
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).seq() == seq) {
                entries.set(i, entries.get(i).withImpact(state, report));
                break;
            }
        }
        save();
        notifyAll();
    }

    /** Every entry, newest first. */
    public synchronized List<Entry> entries() {
        List<Entry> newestFirst = new ArrayList<>(entries);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    /** The newest entry of {@code version}, once its impact is no longer PENDING or {@code wait} has passed. */
    public synchronized Optional<Entry> awaitImpact(String version, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<Entry> e = newest(version);
            long left = deadline - System.nanoTime();
            if (e.isEmpty() || !ReloadAttempt.IMPACT_PENDING.equals(e.get().impactState()) || left <= 0) {
                return e;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    private Optional<Entry> newest(String version) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).version().equals(version)) {
                return Optional.of(entries.get(i));
            }
        }
        return Optional.empty();
    }

    /** The files of a version that went live on this instance (checked against their content hash), if kept. */
    public Optional<VersionFiles> files(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve("versions").resolve(version + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            VersionFiles stored = json.readValue(file.toFile(), VersionFiles.class);
            SortedMap<String, String> files = new TreeMap<>(stored.files());
            if (!RulesetCompiler.version(files).equals(version)) {
                log.warn("the kept files of version {} do not hash to it ({}); ignored", version, file);
                return Optional.empty();
            }
            return Optional.of(new VersionFiles(version, files));
        } catch (IOException e) {
            log.warn("the kept files of version {} cannot be read: {}", version, e.getMessage());
            return Optional.empty();
        }
    }

    private void storeFiles(String version, SortedMap<String, String> files) {
        Path file = dir.resolve("versions").resolve(version + ".json");
        if (Files.isRegularFile(file)) {
            return; // content-addressed: the same version is the same files
        }
        try {
            writeAtomically(file, json.writeValueAsBytes(new VersionFiles(version, new TreeMap<>(files))));
        } catch (IOException e) {
            log.warn("the files of version {} could not be kept in {}: {}", version, dir, e.toString());
        }
    }

    private void save() {
        try {
            writeAtomically(dir.resolve("history.json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(entries)));
        } catch (IOException e) {
            log.warn("the ruleset history could not be written to {}: {}", dir, e.toString());
        }
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}

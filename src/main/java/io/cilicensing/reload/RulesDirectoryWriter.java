package io.cilicensing.reload;

import io.cilicensing.engine.RulesetCompiler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the rules directory hold exactly a given set of rule files, for apply and rollback. Every
 * new text is first written (and flushed to disk) next to its file under a temporary name that
 * does not end in {@code .drl}, so no reload ever reads it; only when all are written is each
 * moved over its file with an atomic rename, and the {@code *.drl} files not in the set deleted.
 * A failure while writing leaves the directory as it was; a failure during the renames puts the
 * previous files back. The caller holds the reloader's lock, so no reload (the directory
 * watcher's included) reads the directory in between.
 */
public final class RulesDirectoryWriter {
    private static final Logger log = LoggerFactory.getLogger(RulesDirectoryWriter.class);
    /** The ending of the temporary files: not {@code .drl}, so a reload never reads one. */
    static final String TEMP_SUFFIX = ".apply-tmp";

    private RulesDirectoryWriter() {}

    /** Replaces the rule files of {@code dir} by {@code files}; on failure restores {@code previous} (when given). */
    static void replace(Path dir, SortedMap<String, String> files, SortedMap<String, String> previous) {
        try {
            write(dir, files);
        } catch (IOException | RuntimeException e) {
            if (previous != null) {
                try {
                    write(dir, previous);
                } catch (IOException | RuntimeException again) {
                    log.error("the rules directory {} could not be put back after a failed write: {}", dir, again.toString());
                }
            }
            throw new RulesDirectoryWriteException("the rules directory " + dir.toAbsolutePath().normalize()
                    + " could not be written (" + e.getMessage() + "); the live ruleset is unchanged", e);
        }
    }

    private static void write(Path dir, SortedMap<String, String> files) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        SortedMap<String, String> current = RulesetCompiler.readDirectory(root);
        Map<Path, Path> moves = new LinkedHashMap<>(); // temporary file -> its target
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                if (f.getValue().equals(current.get(f.getKey()))) {
                    continue; // unchanged: not rewritten
                }
                Path target = root.resolve(f.getKey()).normalize();
                if (!target.startsWith(root) || target.equals(root)) {
                    throw new IOException("rule file " + f.getKey() + " is outside the rules directory");
                }
                Files.createDirectories(target.getParent());
                Path temp = target.resolveSibling("." + target.getFileName() + TEMP_SUFFIX);
                moves.put(temp, target);
                Files.writeString(temp, f.getValue(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
                try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            for (Map.Entry<Path, Path> m : moves.entrySet()) {
                Files.move(m.getKey(), m.getValue(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> gone = new ArrayList<>(current.keySet());
            gone.removeAll(files.keySet());
            for (String name : gone) {
                Files.deleteIfExists(root.resolve(name));
            }
        } finally {
            for (Path temp : moves.keySet()) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    log.warn("could not delete the temporary file {}: {}", temp, e.getMessage());
                }
            }
        }
    }

    /** The rules directory could not be written; nothing went live. */
    public static final class RulesDirectoryWriteException extends UncheckedIOException {
        RulesDirectoryWriteException(String message, Throwable cause) {
            super(message, cause instanceof IOException io ? io : new IOException(cause));
        }
    }
}

package io.cilicensing.reload;

import io.cilicensing.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a start may take from an earlier one instead of doing it again: the compiled rules (the
 * form {@code RulesetCompiler.export} writes) and the fact that these rules passed the scenario
 * gate with these scenario files. Both are kept in {@code rules.start-cache-dir}, named by a hash
 * of everything they depend on: the rule files (the ruleset version), the code that compiled and
 * decided them (every class path entry's path, size and modification time, and the JVM version)
 * and, for the gate, every scenario file. Anything else (a changed rule, scenario, jar or JVM) is
 * another name, so it misses and the start compiles and gates as without a cache; a damaged or
 * unreadable file is a miss too (the loader checks the version written in the compiled form), so a
 * start never takes something else than what it would have made.
 *
 * <p>Files are written under a temporary name and renamed, so instances sharing the directory
 * never read half a file. The compiled form is code, like the rule files: the directory must be
 * writable only by whoever may change the rules.
 */
public final class StartCache {
    private static final Logger log = LoggerFactory.getLogger(StartCache.class);

    /** No cache: every start compiles and gates. */
    public static final StartCache NONE = new StartCache(null, "");

    private final Path dir;
    private final String code;

    StartCache(Path dir, String code) {
        this.dir = dir;
        this.code = code;
    }

    /** A cache in {@code dir} for the code this JVM runs; {@link #NONE} when {@code dir} is blank. */
    public static StartCache in(String dir) {
        return dir == null || dir.isBlank() ? NONE : new StartCache(Path.of(dir), codeIdentity());
    }

    boolean enabled() {
        return dir != null;
    }

    /** The compiled form of the ruleset of {@code version}, when an earlier start with this code wrote it. */
    Optional<byte[]> compiled(String version) {
        if (!enabled()) {
            return Optional.empty();
        }
        Path file = dir.resolve(key(version) + ".rules");
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            log.info("start cache: cannot read {} ({}); compiling", file, e.getMessage());
            return Optional.empty();
        }
    }

    void storeCompiled(String version, byte[] compiled) {
        write(key(version) + ".rules", compiled);
    }

    /** Whether the ruleset of {@code version} passed the gate with exactly these scenario files and this code. */
    boolean passedGate(String version, Path scenariosDir) {
        return enabled() && Files.isRegularFile(dir.resolve(gateKey(version, scenariosDir) + ".passed"));
    }

    void rememberPassed(String version, Path scenariosDir, int scenarios) {
        write(gateKey(version, scenariosDir) + ".passed",
                (scenarios + " scenarios passed\n").getBytes(StandardCharsets.UTF_8));
    }

    private String key(String version) {
        return Sha256.hex((code + "\n" + version).getBytes(StandardCharsets.UTF_8));
    }

    private String gateKey(String version, Path scenariosDir) {
        return Sha256.hex((key(version) + "\n" + scenariosHash(scenariosDir)).getBytes(StandardCharsets.UTF_8));
    }

    private void write(String name, byte[] bytes) {
        if (!enabled()) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the start goes on; the next one compiles again
            log.info("start cache: cannot write {} in {} ({})", name, dir, e.getMessage());
        }
    }

    /** Every scenario file's path and contents, hashed (a missing directory hashes as empty). */
    static String scenariosHash(Path dir) {
        StringBuilder all = new StringBuilder();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    all.append(dir.relativize(p)).append('\n')
                            .append(Sha256.hex(Files.readAllBytes(p))).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the scenarios in " + dir, e);
            }
        }
        return Sha256.hex(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The code this JVM runs, as far as it decides what a compile makes: each class path entry's
     * path, size and modification time (a directory's files each), and the JVM's version.
     */
    static String codeIdentity() {
        List<String> parts = new ArrayList<>();
        parts.add(System.getProperty("java.vm.version", ""));
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry).toAbsolutePath();
            try {
                if (Files.isDirectory(p)) {
                    try (Stream<Path> walk = Files.walk(p)) {
                        for (Path f : walk.filter(Files::isRegularFile).sorted().toList()) {
                            parts.add(describe(f));
                        }
                    }
                } else if (Files.isRegularFile(p)) {
                    parts.add(describe(p));
                }
            } catch (IOException e) {
                parts.add(p + " unreadable");
            }
        }
        return Sha256.hex(String.join("\n", parts).getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Path f) throws IOException {
        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
        return f + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    }

    @Override
    public String toString() {
        return enabled() ? dir.toString() : "(none)";
    }
}

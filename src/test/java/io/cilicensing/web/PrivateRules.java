package io.cilicensing.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A server of its own for tests that change the live rules (apply, roll back): a temporary copy of
 * {@code rules/}, one scenario, and its own history and decision log, so the project's files are
 * never written.
 */
public final class PrivateRules {
    /** The first whole-number quota of policy.drl, e.g. {@code function long x() { return 10000L; }}. */
    public static final Pattern QUOTA = Pattern.compile("(function long \\w+\\(\\) \\{ return )(\\d+)(L; })");

    private PrivateRules() {}

    /** Registers the copy's properties; returns its rules directory. */
    public static Path register(DynamicPropertyRegistry registry, String prefix) {
        try {
            Path root = Files.createTempDirectory(prefix);
            Path rules = Files.createDirectories(root.resolve("rules"));
            try (Stream<Path> drl = Files.list(Path.of("rules"))) {
                for (Path p : drl.filter(p -> p.toString().endsWith(".drl")).toList()) {
                    Files.copy(p, rules.resolve(p.getFileName()));
                }
            }
            Path scenarios = Files.createDirectories(root.resolve("scenarios"));
            try (Stream<Path> s = Files.list(Path.of("test-scenarios", "classification"))) {
                Path first = s.filter(p -> p.toString().endsWith(".yaml")).sorted().findFirst().orElseThrow();
                Files.copy(first, scenarios.resolve(first.getFileName()));
            }
            registry.add("rules.dir", rules::toString);
            registry.add("rules.scenarios-dir", scenarios::toString);
            registry.add("rules.history.dir", () -> root.resolve("history").toString());
            registry.add("decisions.log.path", () -> root.resolve("logs").resolve("decisions.jsonl").toString());
            return rules;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

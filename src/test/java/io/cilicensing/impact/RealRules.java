package io.cilicensing.impact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Copies of the project's rules/ with one policy function's body replaced, as an analyst would edit it. */
final class RealRules {
    static final Path RULES = Path.of("rules");

    private RealRules() {}

    /** A copy of rules/ in {@code into}. */
    static Path copy(Path into) {
        try (Stream<Path> walk = Files.walk(RULES)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = into.resolve(RULES.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A copy of rules/ whose policy.drl function {@code name} (matched by name, however its body is
     * formatted) returns {@code expression}.
     */
    static Path withFunction(Path into, String name, String expression) {
        copy(into);
        Path policy = into.resolve("policy.drl");
        try {
            String text = Files.readString(policy);
            Pattern fn = Pattern.compile("(function\\s+[\\w.<>]+\\s+" + Pattern.quote(name)
                    + "\\s*\\(\\s*\\)\\s*\\{)(.*?)(\\})", Pattern.DOTALL);
            Matcher m = fn.matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("no function " + name + "() in " + policy);
            }
            String changed = text.substring(0, m.start(2)) + " return " + expression + "; "
                    + text.substring(m.end(2));
            if (changed.equals(text)) {
                throw new IllegalStateException("nothing changed");
            }
            Files.writeString(policy, changed);
            return into;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

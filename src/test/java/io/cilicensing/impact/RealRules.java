package io.cilicensing.impact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Copies of the project's rules/ with one policy function's body replaced, as an analyst would edit it. */
public final class RealRules {
    public static final Path RULES = Path.of("rules");

    private RealRules() {}

    /** A copy of rules/ in {@code into}. */
    public static Path copy(Path into) {
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
    public static Path withFunction(Path into, String name, String expression) {
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

    /**
     * A fact set of one of five kinds (home geo US): A CI base at home on 2024-07-01; B CI base with
     * an environment in EU and a DEPLOY to UK on 2024-07-01; C legacy Marketing only, environment in
     * EU, 2024-07-01; D CI base, environment in EU, 2024-05-01; E legacy Marketing at home, 2024-09-01.
     * The base quota change touches A, B, D; moving GEO-05's date to 2024-08-01 touches B, C.
     */
    public static String factSet(String kind, int i) {
        String base = "{ \"id\": \"L1\", \"sku\": \"CI_BASE\", \"purchasedOn\": \"2023-10-02\" }";
        String legacy = "{ \"id\": \"L1\", \"sku\": \"MARKETING_STANDALONE\", \"purchasedOn\": \"2020-05-01\", "
                + "\"endsOn\": \"2026-12-31\", \"includedContacts\": " + (10_000 + i * 1000) + " }";
        String home = "{ \"id\": \"E1\", \"type\": \"PRODUCTION\", \"apps\": [\"JOURNEYS_REAL_TIME\"] }";
        String abroad = "{ \"id\": \"E1\", \"type\": \"PRODUCTION\", \"geo\": \"EU\", \"apps\": [\"JOURNEYS_REAL_TIME\"] }";
        String deploy = "{ \"id\": \"R1\", \"type\": \"DEPLOY\", \"app\": \"DATA\", \"geo\": \"UK\" }";
        String asOf;
        String license;
        String env;
        String requests = "";
        switch (kind) {
            case "A" -> { asOf = "2024-07-01T09:00:00Z"; license = base; env = home; }
            case "B" -> { asOf = "2024-07-01T09:00:00Z"; license = base; env = abroad; requests = deploy; }
            case "C" -> { asOf = "2024-07-01T09:00:00Z"; license = legacy; env = abroad; }
            case "D" -> { asOf = "2024-05-01T09:00:00Z"; license = base; env = abroad; }
            default -> { asOf = "2024-09-01T09:00:00Z"; license = legacy; env = home; }
        }
        return "{ \"asOf\": \"" + asOf + "\", \"tenant\": { \"id\": \"" + kind + "-" + i + "\", \"homeGeo\": \"US\" },"
                + " \"licenses\": [" + license + "], \"environments\": [" + env + "],"
                + " \"usage\": { \"interactedPeople\": " + (3000 + i * 500) + " },"
                + " \"requests\": [" + requests + "] }";
    }

}

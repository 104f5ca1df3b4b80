package io.cilicensing.engine;

import io.cilicensing.Sha256;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;

/**
 * Compiles rule files into a {@link Ruleset} through the DRL build path, which reports every
 * error with its file and line. Never called on the request path.
 */
public final class RulesetCompiler {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final Pattern ERR_LINE = Pattern.compile("\\[ERR \\d+\\] Line (\\d+):\\d+");
    private static final String RESOURCES = "src/main/resources/";

    private final Clock clock;

    public RulesetCompiler(Clock clock) {
        this.clock = clock;
    }

    /** Reads every {@code *.drl} below {@code dir} (recursively) and compiles them. */
    public Ruleset compile(Path dir) {
        return compile(readDirectory(dir), dir.toString());
    }

    /** Relative path (with '/') to contents of every {@code *.drl} below {@code dir}. */
    public static SortedMap<String, String> readDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new RulesetCompilationException(dir.toString(),
                    List.of(new RuleError(dir.toString(), 0, "no such directory")));
        }
        SortedMap<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.filter(p -> p.toString().endsWith(".drl") && Files.isRegularFile(p))
                    .sorted(Comparator.naturalOrder())::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read rules from " + dir, e);
        }
        return files;
    }

    /**
     * Compiles the given files (relative path to contents). {@code origin} names where they
     * came from in messages. Throws {@link RulesetCompilationException} with every error.
     */
    public Ruleset compile(SortedMap<String, String> files, String origin) {
        String version = version(files);
        // before Drools reads the text: annotation values are evaluated as code while compiling
        List<RuleError> notLiteral = LiteralAnnotations.check(files);
        if (!notLiteral.isEmpty()) {
            throw new RulesetCompilationException(origin, notLiteral);
        }
        Build build = build(files);
        if (!build.errors.isEmpty()) {
            List<RuleError> errors = build.errors;
            Set<String> unparseable = new TreeSet<>();
            for (RuleError e : errors) {
                if (ERR_LINE.matcher(e.message()).find()) {
                    unparseable.add(e.file());
                }
            }
            if (!unparseable.isEmpty() && unparseable.size() < files.size()) {
                // A file that does not parse takes its whole package down, so every other file
                // of the package reports bogus "cannot be resolved" errors. Report the parse
                // errors, and the errors the other files have on their own.
                SortedMap<String, String> parseable = new TreeMap<>(files);
                parseable.keySet().removeAll(unparseable);
                List<RuleError> merged = new ArrayList<>();
                errors.stream().filter(e -> unparseable.contains(e.file())).forEach(merged::add);
                merged.addAll(build(parseable).errors);
                errors = merged;
            }
            throw new RulesetCompilationException(origin, errors);
        }
        List<RuleError> errors = new ArrayList<>();
        List<Ruleset.RuleInfo> rules = describe(build.kieBase, build.kfsToFile, files, errors);
        if (!errors.isEmpty()) {
            throw new RulesetCompilationException(origin, errors);
        }
        List<Ruleset.RuleFile> ruleFiles = new ArrayList<>();
        files.forEach((path, text) -> ruleFiles.add(new Ruleset.RuleFile(path, Sha256.hex(text))));
        return new Ruleset(version, clock.instant(), origin, List.copyOf(ruleFiles), rules, build.kieBase);
    }

    /** The outcome of one DRL build: a KieBase, or the errors. */
    private record Build(KieBase kieBase, List<RuleError> errors, Map<String, String> kfsToFile) {}

    private static Build build(SortedMap<String, String> files) {
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("io.cilicensing.rules", "ruleset-" + UUID.randomUUID(), "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> kfsToFile = new HashMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            // Each file goes under a folder matching its package, which keeps Drools from warning
            // that the file's folder and package differ.
            Matcher m = PACKAGE.matcher(f.getValue());
            String resource = (m.find() ? m.group(1).replace('.', '/') + "/" : "") + f.getKey().replace('/', '_');
            kfsToFile.put(RESOURCES + resource, f.getKey());
            kfsToFile.put(resource, f.getKey());
            kfs.write(RESOURCES + resource, f.getValue());
        }
        KieBuilder builder = ks.newKieBuilder(kfs).buildAll(DrlProject.class);
        List<RuleError> errors = new ArrayList<>();
        for (Message msg : builder.getResults().getMessages(Message.Level.ERROR)) {
            String text = msg.getText() == null ? "" : msg.getText().strip();
            if (text.startsWith("Parser returned a null Package")) {
                continue; // follows every parse error; the parse error itself says what is wrong
            }
            String file = msg.getPath() == null ? "?" : kfsToFile.getOrDefault(msg.getPath(), msg.getPath());
            int line = msg.getLine();
            Matcher lm = ERR_LINE.matcher(text);
            if (line <= 0 && lm.find()) {
                line = Integer.parseInt(lm.group(1));
            }
            errors.add(new RuleError(file, line, text.replaceAll("\\s+", " ")));
        }
        if (!errors.isEmpty()) {
            ks.getRepository().removeKieModule(releaseId);
            return new Build(null, errors, kfsToFile);
        }
        try {
            KieContainer container = ks.newKieContainer(releaseId);
            return new Build(container.newKieBase(ks.newKieBaseConfiguration()), List.of(), kfsToFile);
        } finally {
            // every build registers a module in the singleton repository; reloads must not pile up
            ks.getRepository().removeKieModule(releaseId);
        }
    }

    /** Lists the rules with their metadata; a rule without {@code @id} or {@code @source} is an error. */
    private static List<Ruleset.RuleInfo> describe(KieBase kieBase, Map<String, String> kfsToFile,
                                                   Map<String, String> files, List<RuleError> errors) {
        List<Ruleset.RuleInfo> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                String file = "?";
                if (rule instanceof RuleImpl impl && impl.getResource() != null) {
                    String sp = impl.getResource().getSourcePath();
                    file = kfsToFile.getOrDefault(sp, sp);
                }
                Object id = rule.getMetaData().get("id");
                Object source = rule.getMetaData().get("source");
                int line = lineOf(files.get(file), rule.getName());
                if (id == null || id.toString().isBlank()) {
                    errors.add(new RuleError(file, line, "rule \"" + rule.getName() + "\" has no @id(\"...\")"));
                } else if (!rule.getName().startsWith(id.toString())) {
                    errors.add(new RuleError(file, line, "rule \"" + rule.getName() + "\" must start with its @id "
                            + id));
                }
                if (source == null || source.toString().isBlank()) {
                    errors.add(new RuleError(file, line, "rule \"" + rule.getName()
                            + "\" has no @source(\"...\") naming the policy text"));
                }
                Object interpretation = rule.getMetaData().get("interpretation");
                rules.add(new Ruleset.RuleInfo(id == null ? null : id.toString(), rule.getName(),
                        source == null ? null : source.toString(),
                        interpretation == null ? null : interpretation.toString(), file, line));
            }
        }
        rules.sort(Comparator.comparing(Ruleset.RuleInfo::file).thenComparing(Ruleset.RuleInfo::name));
        return List.copyOf(rules);
    }

    private static int lineOf(String text, String ruleName) {
        if (text == null) {
            return 0;
        }
        String[] lines = text.split("\n", -1);
        String quoted = "\"" + ruleName + "\"";
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("rule") && l.contains(quoted)) {
                return i + 1;
            }
        }
        return 0;
    }

    /** SHA-256 over the sorted relative paths and contents; identical files give the identical version. */
    public static String version(SortedMap<String, String> files) {
        MessageDigest digest = Sha256.digest();
        for (Map.Entry<String, String> f : files.entrySet()) {
            digest.update(f.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(f.getValue().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

}

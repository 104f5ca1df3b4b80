package io.cilicensing.engine;

import io.cilicensing.Sha256;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
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
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.compiler.kie.builder.impl.DrlProject;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.drools.wiring.api.classloader.ProjectClassLoader;
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
    /** The class Drools generates for a rule's consequence, named after the rule ({@code Rule_DEF$u45$...123}). */
    private static final Pattern GENERATED_CLASS = Pattern.compile("(?: for the type)? Rule_[A-Za-z0-9_$]+");
    private static final Pattern RULE_HEADER = Pattern.compile("^\\s*rule\\s+\"([^\"]+)\"");
    private static final String RESOURCES = "src/main/resources/";
    /** First bytes of {@link #export}'s format; a change of the format changes the number. */
    private static final String EXPORT_FORMAT = "cilicensing-compiled-rules-1";
    /**
     * Bounds on what {@link #load} reads (classes declared by the rules, packages, objects,
     * nesting): safety limits on the compiled form, far above what any rule set needs; powers of
     * two, to read as what they are.
     */
    private static final int MAX_DECLARED_CLASSES = 1 << 13;
    private static final int MAX_PACKAGES = 1 << 13;
    private static final long MAX_REFERENCES = 1L << 23;
    private static final long MAX_DEPTH = 1 << 10;
    /**
     * The only classes {@link #load} deserializes: the engine's own, the JDK's value and
     * collection types, and the fact types. Anything else (a gadget class of some library on the
     * class path) is refused before it is instantiated.
     */
    private static final List<String> LOADABLE_PREFIXES = List.of("org.drools.", "org.kie.", "org.mvel2.",
            "io.cilicensing.facts.", "java.lang.", "java.util.", "java.time.", "java.math.");

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
        checkLiterals(files, origin);
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
        return ruleset(files, version(files), origin, build.kieBase, build.kfsToFile);
    }

    /** Before Drools reads the text: annotation values are evaluated as code while compiling. */
    private static void checkLiterals(SortedMap<String, String> files, String origin) {
        List<RuleError> notLiteral = LiteralAnnotations.check(files);
        if (!notLiteral.isEmpty()) {
            throw new RulesetCompilationException(origin, notLiteral);
        }
    }

    /** The ruleset of {@code files} around their rule base, its rules described from their metadata. */
    private Ruleset ruleset(SortedMap<String, String> files, String version, String origin, KieBase kieBase,
                            Map<String, String> kfsToFile) {
        List<RuleError> errors = new ArrayList<>();
        List<Ruleset.RuleInfo> rules = describe(kieBase, kfsToFile, files, errors);
        if (!errors.isEmpty()) {
            throw new RulesetCompilationException(origin, errors);
        }
        List<Ruleset.RuleFile> ruleFiles = new ArrayList<>();
        files.forEach((path, text) -> ruleFiles.add(new Ruleset.RuleFile(path, Sha256.hex(text))));
        return new Ruleset(version, clock.instant(), origin, List.copyOf(ruleFiles), rules, kieBase);
    }

    /** The outcome of one DRL build: a KieBase, or the errors. */
    private record Build(KieBase kieBase, List<RuleError> errors, Map<String, String> kfsToFile) {}

    /**
     * Drools' message for an error inside a rule's consequence names the class it generated for the
     * rule ({@code ... is undefined for the type Rule_DEF$u45$OUTBOUND...1364508643}); an analyst
     * knows the rule by its name. Such a message is said as {@code rule "NAME": the method ... is
     * undefined}, NAME being the rule whose header is at or above the error's line. Other messages
     * are returned as they are.
     */
    static String readable(String message, String drl, int line) {
        if (drl == null || !GENERATED_CLASS.matcher(message).find()) {
            return message;
        }
        String rule = null;
        List<String> lines = drl.lines().toList();
        for (int i = 0; i < Math.min(line, lines.size()); i++) {
            Matcher header = RULE_HEADER.matcher(lines.get(i));
            if (header.find()) {
                rule = header.group(1);
            }
        }
        String text = GENERATED_CLASS.matcher(message).replaceAll("").replaceFirst("^Rule Compilation error:?\\s*", "").strip();
        if (!text.isEmpty()) {
            text = Character.toLowerCase(text.charAt(0)) + text.substring(1);
        }
        return rule == null ? text : "rule \"" + rule + "\": " + text;
    }

    private static Build build(SortedMap<String, String> files) {
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("io.cilicensing.rules", "ruleset-" + UUID.randomUUID(), "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        Map<String, String> kfsToFile = kfsToFile(files);
        for (Map.Entry<String, String> f : files.entrySet()) {
            kfs.write(RESOURCES + resource(f.getKey(), f.getValue()), f.getValue());
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
            errors.add(new RuleError(file, line, readable(text.replaceAll("\\s+", " "), files.get(file), line)));
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

    /**
     * Where each file goes in the KieFileSystem: under a folder matching its package, which keeps
     * Drools from warning that the file's folder and package differ.
     */
    private static String resource(String path, String text) {
        Matcher m = PACKAGE.matcher(text);
        return (m.find() ? m.group(1).replace('.', '/') + "/" : "") + path.replace('/', '_');
    }

    /** Drools' resource paths (with and without the source folder) to the file's relative path. */
    private static Map<String, String> kfsToFile(SortedMap<String, String> files) {
        Map<String, String> kfsToFile = new HashMap<>();
        for (Map.Entry<String, String> f : files.entrySet()) {
            String resource = resource(f.getKey(), f.getValue());
            kfsToFile.put(RESOURCES + resource, f.getKey());
            kfsToFile.put(resource, f.getKey());
        }
        return kfsToFile;
    }

    /**
     * The compiled form of {@code ruleset}, for {@link #load} in another process of the same
     * build: the classes its rules declare ({@code declare}, functions) and its Drools packages
     * (rules with their compiled consequences), Java-serialized. Written right after a compile,
     * before any decision ran on it.
     */
    public static byte[] export(Ruleset ruleset) {
        if (!(ruleset.kieBase() instanceof InternalKnowledgeBase kb)) {
            throw new IllegalArgumentException("not a Drools rule base: " + ruleset.kieBase().getClass().getName());
        }
        Map<String, byte[]> declared = kb.getRootClassLoader() instanceof ProjectClassLoader pcl && pcl.getStore() != null
                ? new TreeMap<>(pcl.getStore()) : Map.of();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 20);
        try (DataOutputStream data = new DataOutputStream(bytes)) {
            data.writeUTF(EXPORT_FORMAT);
            data.writeUTF(ruleset.version());
            data.writeInt(declared.size());
            for (Map.Entry<String, byte[]> c : declared.entrySet()) {
                data.writeUTF(c.getKey());
                data.writeInt(c.getValue().length);
                data.write(c.getValue());
            }
            data.flush();
            ObjectOutputStream out = new DroolsObjectOutputStream(bytes);
            Collection<KiePackage> packages = kb.getKiePackages();
            out.writeInt(packages.size());
            for (KiePackage p : packages) {
                out.writeObject(p);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the compiled rules", e);
        }
        return bytes.toByteArray();
    }

    /**
     * The ruleset of {@code files} from what {@link #export} wrote for exactly these files in
     * another process, without compiling them again: the annotation check, then the declared
     * classes are defined (not initialized) in a class loader of this ruleset, the packages read
     * through a filter that admits only the engine's, the JDK's value and the fact classes, and a
     * rule base built from them. Reading runs no code of the rules: consequences are compiled
     * classes that run only when rules fire. Throws {@link IOException} when the bytes are not an
     * export of these files or cannot be read; {@link RulesetCompilationException} as
     * {@link #compile} does for the annotation check and the rule metadata.
     */
    public Ruleset load(SortedMap<String, String> files, String origin, byte[] exported) throws IOException {
        checkLiterals(files, origin);
        String version = version(files);
        KieBase kieBase;
        try {
            kieBase = read(exported, version);
        } catch (ClassNotFoundException | RuntimeException | LinkageError e) {
            throw new IOException("the compiled rules cannot be read: " + e, e);
        }
        return ruleset(files, version, origin, kieBase, kfsToFile(files));
    }

    private static KieBase read(byte[] exported, String version) throws IOException, ClassNotFoundException {
        ByteArrayInputStream bytes = new ByteArrayInputStream(exported);
        DataInputStream data = new DataInputStream(bytes);
        String format = data.readUTF();
        if (!EXPORT_FORMAT.equals(format)) {
            throw new IOException("not compiled rules of format " + EXPORT_FORMAT);
        }
        String exportedVersion = data.readUTF();
        if (!version.equals(exportedVersion)) {
            throw new IOException("the compiled rules are of version " + exportedVersion + ", the files of " + version);
        }
        int count = data.readInt();
        if (count < 0 || count > MAX_DECLARED_CLASSES) {
            throw new IOException("the compiled rules declare " + count + " classes");
        }
        Map<String, byte[]> declared = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String name = data.readUTF();
            int length = data.readInt();
            if (length < 0 || length > bytes.available()) {
                throw new IOException("class " + name + " is cut off");
            }
            declared.put(name, data.readNBytes(length));
        }
        // the declared classes are defined lazily, when a rule or package names them; never initialized here
        ProjectClassLoader classLoader = ProjectClassLoader.createProjectClassLoader(RulesetCompiler.class.getClassLoader(),
                declared);
        long size = exported.length;
        List<InternalKnowledgePackage> packages = new ArrayList<>();
        try (DroolsObjectInputStream in = new DroolsObjectInputStream(bytes, classLoader)) {
            in.setObjectInputFilter(info -> {
                if (info.references() > MAX_REFERENCES || info.depth() > MAX_DEPTH || info.streamBytes() > size) {
                    return ObjectInputFilter.Status.REJECTED;
                }
                Class<?> type = info.serialClass();
                if (type == null) {
                    return ObjectInputFilter.Status.UNDECIDED;
                }
                while (type.isArray()) {
                    type = type.getComponentType();
                }
                String name = type.getName();
                return type.isPrimitive() || LOADABLE_PREFIXES.stream().anyMatch(name::startsWith)
                        ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED;
            });
            int n = in.readInt();
            if (n < 0 || n > MAX_PACKAGES) {
                throw new IOException("the compiled rules have " + n + " packages");
            }
            for (int i = 0; i < n; i++) {
                if (!(in.readObject() instanceof InternalKnowledgePackage p)) {
                    throw new IOException("the compiled rules hold something that is not a package");
                }
                packages.add(p);
            }
            if (in.read() != -1) {
                throw new IOException("the compiled rules have bytes after their last package");
            }
        }
        KieServices ks = KieServices.Factory.get();
        InternalKnowledgeBase kb = KnowledgeBaseFactory.newKnowledgeBase(ks.newKieBaseConfiguration(null, classLoader));
        kb.addPackages(packages);
        return kb;
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

package io.cilicensing.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.FileSystemUtils;

/**
 * A plain class path for the worker when the service runs from the Spring Boot fat jar: the
 * jar's {@code BOOT-INF/classes} and {@code BOOT-INF/lib/*.jar} copied once per service process
 * into a private temporary directory (owner-only), deleted when the service exits. From the fat
 * jar's nested jars, compiling the rules in the worker took 4-8 s and the 158 scenarios 1.4-2.5 s;
 * from plain jars 0.8-1.2 s and 0.4-0.5 s (README > Performance): Drools and its Java compiler
 * look up many classes and resources by name, and each lookup in a nested jar is slow.
 */
final class WorkerClassPath {
    private static final Pattern INDEX_LINE = Pattern.compile("^- \"(BOOT-INF/lib/[^\"]+\\.jar)\"$");
    static final String CLASSES = "BOOT-INF/classes/";
    static final String LIB = "BOOT-INF/lib/";

    private static String extracted;

    private WorkerClassPath() {}

    /** The class path of the fat jar's contents, extracted on first use; the same for every later worker. */
    static synchronized String of(Path fatJar) throws IOException {
        if (extracted == null) {
            Path dir = Files.createTempDirectory("cilicensing-worker-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir), "worker-classes-cleanup"));
            extracted = extract(fatJar, dir);
        }
        return extracted;
    }

    /** Copies the classes and libraries of {@code fatJar} below {@code dir}; returns their class path. */
    static String extract(Path fatJar, Path dir) throws IOException {
        Path classes = dir.resolve("classes");
        Path lib = dir.resolve("lib");
        Files.createDirectories(classes);
        Files.createDirectories(lib);
        Set<String> libs = new LinkedHashSet<>();
        try (JarFile jar = new JarFile(fatJar.toFile())) {
            JarEntry index = jar.getJarEntry("BOOT-INF/classpath.idx");
            if (index != null) {
                // the launcher's order, which decides between two libraries holding the same class
                try (InputStream in = jar.getInputStream(index)) {
                    for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                        Matcher m = INDEX_LINE.matcher(line.strip());
                        if (m.matches()) {
                            libs.add(m.group(1));
                        }
                    }
                }
            }
            List<String> unlisted = new ArrayList<>();
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                Path target;
                if (name.startsWith(CLASSES)) {
                    target = classes.resolve(name.substring(CLASSES.length())).normalize();
                    if (!target.startsWith(classes)) {
                        throw new IOException("entry outside the classes: " + name);
                    }
                } else if (name.startsWith(LIB) && name.endsWith(".jar") && name.indexOf('/', LIB.length()) < 0) {
                    target = lib.resolve(name.substring(LIB.length()));
                    if (!libs.contains(name)) {
                        unlisted.add(name);
                    }
                } else {
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (InputStream in = jar.getInputStream(e)) {
                    Files.copy(in, target);
                }
            }
            libs.addAll(unlisted);
        }
        StringBuilder cp = new StringBuilder(classes.toString());
        for (String l : libs) {
            Path p = lib.resolve(l.substring(LIB.length()));
            if (Files.isRegularFile(p)) {
                cp.append(java.io.File.pathSeparatorChar).append(p);
            }
        }
        return cp.toString();
    }

    private static void delete(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException | UncheckedIOException e) {
            // best effort at exit
        }
    }
}

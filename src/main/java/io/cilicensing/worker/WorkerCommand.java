package io.cilicensing.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command line of the worker process: the same Java and the same classes as this process.
 * From the Spring Boot fat jar the classes are nested in BOOT-INF: they are copied out once into
 * a plain class path ({@link WorkerClassPath}, several times faster to compile and decide from),
 * and only if that fails does the jar's own PropertiesLauncher start {@link WorkerMain}
 * ({@code -Dloader.main}); from a plain class path (tests, {@code mvn spring-boot:run}, the
 * extracted jar whose manifest lists its libraries) the class path is passed on as it is.
 */
final class WorkerCommand {
    private static final Logger log = LoggerFactory.getLogger(WorkerCommand.class);
    static final String BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private WorkerCommand() {}

    static List<String> of(WorkerSettings settings) {
        List<String> cmd = new ArrayList<>();
        if (settings.ownSession() && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.add("-Xmx" + settings.maxHeap());
        cmd.addAll(settings.jvmOptions());
        String classPath = System.getProperty("java.class.path");
        cmd.add("-cp");
        if (isBootFatJar(classPath)) {
            try {
                cmd.add(WorkerClassPath.of(Path.of(classPath)));
                cmd.add(WorkerMain.class.getName());
            } catch (IOException | RuntimeException e) {
                log.warn("cannot copy the jar's classes for the worker ({}); it runs from the jar, slower", e.toString());
                cmd.add(classPath);
                cmd.add("-Dloader.main=" + WorkerMain.class.getName());
                cmd.add(BOOT_LAUNCHER);
            }
        } else {
            cmd.add(classPath);
            cmd.add(WorkerMain.class.getName());
        }
        return cmd;
    }

    private static boolean isBootFatJar(String classPath) {
        if (classPath.contains(java.io.File.pathSeparator) || !classPath.endsWith(".jar")) {
            return false;
        }
        try (JarFile jar = new JarFile(classPath)) {
            return jar.getEntry(WorkerClassPath.CLASSES) != null || jar.getEntry(WorkerClassPath.LIB) != null;
        } catch (IOException e) {
            return false;
        }
    }
}

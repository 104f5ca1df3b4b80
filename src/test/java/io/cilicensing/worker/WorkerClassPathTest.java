package io.cilicensing.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerClassPathTest {
    @TempDir
    Path dir;

    private Path fatJar(String... nameThenContent) throws IOException {
        Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (int i = 0; i < nameThenContent.length; i += 2) {
                out.putNextEntry(new JarEntry(nameThenContent[i]));
                out.write(nameThenContent[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void copiesTheClassesAndLibrariesOutInTheOrderOfTheJarsIndex() throws IOException {
        Path jar = fatJar(
                "BOOT-INF/classpath.idx", "- \"BOOT-INF/lib/b.jar\"\n- \"BOOT-INF/lib/a.jar\"\n",
                "BOOT-INF/classes/io/x/A.class", "class A",
                "BOOT-INF/classes/application.properties", "k=v",
                "BOOT-INF/lib/a.jar", "jar a",
                "BOOT-INF/lib/b.jar", "jar b",
                "BOOT-INF/lib/c.jar", "jar c (not in the index)",
                "org/springframework/boot/loader/launch/PropertiesLauncher.class", "launcher");
        Path out = dir.resolve("out");

        String classPath = WorkerClassPath.extract(jar, out);

        assertThat(classPath.split(File.pathSeparator)).containsExactly(out.resolve("classes").toString(),
                out.resolve("lib/b.jar").toString(), out.resolve("lib/a.jar").toString(),
                out.resolve("lib/c.jar").toString());
        assertThat(out.resolve("classes/io/x/A.class")).hasContent("class A");
        assertThat(out.resolve("lib/a.jar")).hasContent("jar a");
        assertThat(out.resolve("org")).doesNotExist();
        assertThat(out.resolve("classes/org")).doesNotExist();
    }

    @Test
    void anEntryThatLeavesTheClassesDirectoryIsRefused() throws IOException {
        Path jar = fatJar("BOOT-INF/classes/../../escaped.txt", "x");

        assertThatThrownBy(() -> WorkerClassPath.extract(jar, dir.resolve("out"))).isInstanceOf(IOException.class)
                .hasMessageContaining("outside");
        assertThat(dir.resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aPlainClassPathIsPassedOnAsItIs() {
        String own = System.getProperty("java.class.path");

        assertThat(WorkerCommand.of(new WorkerSettings("64m", Duration.ofSeconds(1), List.of(), false,
                Duration.ofSeconds(1)))).contains(own).doesNotContain(WorkerCommand.BOOT_LAUNCHER)
                .last().isEqualTo(WorkerMain.class.getName());
    }
}

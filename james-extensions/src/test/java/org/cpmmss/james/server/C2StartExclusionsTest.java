package org.cpmmss.james.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/c2-start-exclusions.json}, the compiler directives docs/configuration.md gives for running the server
 * with the C2 JIT (start-only code kept out of C2): the JVM of this machine loads it, and refuses a broken one — a
 * directives file it cannot parse stops the JVM before the server starts.
 */
class C2StartExclusionsTest {
    private static final Path SHIPPED = Path.of("..", "bin", "c2-start-exclusions.json");

    private static String java(Path directives) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-XX:+UnlockDiagnosticVMOptions",
            "-XX:CompilerDirectivesFile=" + directives.toAbsolutePath(), "-version"))
            .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return "exit " + process.exitValue() + "\n" + output;
    }

    @Test
    void theShippedDirectivesLoad() throws Exception {
        assertThat(SHIPPED).exists();
        assertThat(java(SHIPPED)).startsWith("exit 0\n").contains("1 compiler directives added");
    }

    @Test
    void aBrokenDirectivesFileStopsTheJvm(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("broken.json"),
            Files.readString(SHIPPED).replace("Exclude: true", "Exclude: yes"));
        assertThat(java(broken)).startsWith("exit 1\n").contains("Parsing of compiler directives failed");
    }
}

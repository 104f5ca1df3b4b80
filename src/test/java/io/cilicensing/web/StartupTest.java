package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cilicensing.Application;
import io.cilicensing.engine.RuleError;
import io.cilicensing.engine.RulesetCompilationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Alone in the JVM while it runs: it captures System.out, where every class running in parallel logs. */
@Isolated
@ExtendWith(OutputCaptureExtension.class)
class StartupTest {

    @Test
    void aStartWithTheShippedRulesAndTheScenarioGatePrintsNoWarning(CapturedOutput output) {
        new SpringApplicationBuilder(Application.class)
                .run("--server.port=0", "--decisions.log.enabled=false", "--rules.watch=false",
                        "--rules.worker.enabled=false")
                .close();

        assertThat(output.getOut()).contains("live: ").contains("scenarios pass");
        assertThat(output.getOut().lines().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")))
                .as("WARN and ERROR lines of a normal start").isEmpty();
    }

    @Test
    void aRuleFileThatDoesNotCompileStopsTheStartListingFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("broken.drl"),
                "package t;\nimport io.cilicensing.facts.*;\nrule \"ENT-01 x\" @id(\"ENT-01\") @source(\"s\")\nwhen\n  License( quantity > )\nthen\nend\n");

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(Application.class)
                .run("--rules.dir=" + dir, "--server.port=0").close());

        Throwable cause = failure;
        while (cause != null && !(cause instanceof RulesetCompilationException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("cause chain of %s", failure).isInstanceOf(RulesetCompilationException.class);
        assertThat(((RulesetCompilationException) cause).errors()).extracting(RuleError::toString)
                .singleElement().asString().startsWith("broken.drl:5: ");
    }
}

package io.cilicensing.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cilicensing.Application;
import io.cilicensing.engine.RuleError;
import io.cilicensing.engine.RulesetCompilationException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;

class StartupTest {

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

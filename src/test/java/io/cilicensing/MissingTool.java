package io.cilicensing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test does when a tool it needs besides the JDK is missing (Chromium and ChromeDriver, the
 * OpenAPI linter). On CI ({@code CI=true}, where {@code .ci/run} installs every such tool) the test
 * fails: a check that silently stopped running there would go unnoticed. Elsewhere it is skipped
 * (a JUnit assumption, so Maven counts it under "Skipped"), and the reason with the command that
 * installs the tool is printed on the console once, where a developer sees it beside the summary.
 */
public final class MissingTool {
    private static final Set<String> said = new HashSet<>();

    private MissingTool() {}

    /** Fails on CI, else skips the running test; {@code message} names the tool and how to install it. */
    public static void skipOrFail(String message) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + "; .ci/run installs it, so on CI its absence is a failure");
        }
        synchronized (said) {
            if (said.add(message)) {
                System.out.println("[SKIPPED] " + message + ": the tests that need it are skipped on this machine");
            }
        }
        Assumptions.abort(message + ": skipped on this machine");
    }
}

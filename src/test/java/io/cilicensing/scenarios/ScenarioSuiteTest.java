package io.cilicensing.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every YAML file under test-scenarios/ is one test, named after its file. */
class ScenarioSuiteTest {

    @Test
    void theSuiteHasScenarios() {
        assertThat(ScenarioSuite.scenarios()).hasSizeGreaterThan(50);
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioPasses() {
        return ScenarioSuite.results().stream().map(r -> DynamicTest.dynamicTest(r.scenario().file(), () -> {
            if (!r.passed()) {
                fail(r.describe());
            }
        }));
    }
}

package io.cilicensing.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Every rule id of the loaded ruleset is listed in some scenario's {@code covers} and fired by
 * at least one scenario; a {@code covers} entry naming no rule of the ruleset is an error.
 */
class CatalogueCoverageTest {
    private final Coverage coverage = Coverage.of(ScenarioSuite.ruleset(), ScenarioSuite.results());

    @Test
    void everyRuleIdIsFiredBySomeScenario() {
        assertThat(coverage.neverFired()).as("rule ids no scenario fired").isEmpty();
    }

    @Test
    void everyRuleIdIsListedInSomeScenariosCovers() {
        assertThat(coverage.notCovered()).as("rule ids in no scenario's covers").isEmpty();
    }

    @Test
    void coversNameOnlyRulesOfTheRuleset() {
        assertThat(coverage.unknownCovers()).as("covers entries naming no rule").isEmpty();
    }
}

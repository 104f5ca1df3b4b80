package io.cilicensing.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioMatcherTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String ANSWER = """
            verdict: ACTION_REQUIRED
            entitlements: { interactedPeople: 20000, unifiedPeople: 0, emailThroughput: { messagesPerHour: null, basis: STANDARD } }
            findings:
              - { code: STANDALONE_RENEWAL_WINDOW_CLOSED, subject: requests/R1, severity: VIOLATION, ruleId: TRN-04 }
              - { code: TRANSITION_DUE, subject: tenant, severity: ACTION, ruleId: TRN-08 }
            deadlines:
              - { code: TRANSITION_TO_COMBINED, date: 2025-04-30, status: DUE_SOON, daysRemaining: 60 }
            requests: [ { id: R1, type: STANDALONE_RENEWAL, outcome: DENIED } ]
            firedRules: [ { id: ENT-06, name: x, count: 1 }, { id: TRN-04, name: y, count: 1 } ]
            """;

    private static List<Difference> match(String expect) throws Exception {
        return ScenarioMatcher.match(YAML.readTree(expect), YAML.readTree(ANSWER));
    }

    @Test
    void numbersCompareByValueAndObjectsPartially() throws Exception {
        assertThat(match("entitlements: { interactedPeople: 20000.0 }")).isEmpty();
        assertThat(match("entitlements: { interactedPeople: 20001 }"))
                .singleElement().extracting(Difference::path).isEqualTo("entitlements.interactedPeople");
    }

    @Test
    void nullMustBeNull() throws Exception {
        assertThat(match("entitlements: { emailThroughput: { messagesPerHour: null } }")).isEmpty();
        assertThat(match("entitlements: { emailThroughput: { basis: null } }")).hasSize(1);
    }

    @Test
    void findingIncludeMatchesCodesOrObjects() throws Exception {
        assertThat(match("findings: { include: [TRANSITION_DUE, { code: STANDALONE_RENEWAL_WINDOW_CLOSED, subject: requests/R1 }] }"))
                .isEmpty();
        assertThat(match("findings: { include: [{ code: TRANSITION_DUE, subject: requests/R1 }] }")).hasSize(1);
    }

    @Test
    void findingExcludeByCodeOrBySubject() throws Exception {
        assertThat(match("findings: { exclude: [STANDALONE_MATURITY_TOO_LATE, { code: TRANSITION_DUE, subject: requests/R1 }] }"))
                .isEmpty();
        assertThat(match("findings: { exclude: [TRANSITION_DUE] }")).hasSize(1);
    }

    @Test
    void exactlyComparesTheSetOfCodes() throws Exception {
        assertThat(match("findings: { include: [TRANSITION_DUE, STANDALONE_RENEWAL_WINDOW_CLOSED], exactly: true }")).isEmpty();
        assertThat(match("findings: { include: [TRANSITION_DUE], exactly: true }")).hasSize(1);
    }

    @Test
    void deadlinesAsBareListOrIncludeExclude() throws Exception {
        assertThat(match("deadlines: [ { code: TRANSITION_TO_COMBINED, daysRemaining: 60 } ]")).isEmpty();
        assertThat(match("deadlines: { include: [ { code: TRANSITION_TO_COMBINED, status: OPEN } ] }")).hasSize(1);
        assertThat(match("deadlines: { exclude: [TRANSITION_TO_COMBINED] }")).hasSize(1);
    }

    @Test
    void requestOutcomesAndFiredRules() throws Exception {
        assertThat(match("{ requests: { R1: DENIED }, fired: [TRN-04], notFired: [TRN-05] }")).isEmpty();
        assertThat(match("requests: { R1: ALLOWED }")).hasSize(1);
        assertThat(match("requests: { R9: ALLOWED }")).hasSize(1);
        assertThat(match("fired: [TRN-05]")).hasSize(1);
        assertThat(match("notFired: [TRN-04]")).hasSize(1);
    }
}

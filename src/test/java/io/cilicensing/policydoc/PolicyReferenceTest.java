package io.cilicensing.policydoc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.scenarios.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** docs/policy.md is what the rules and scenarios of this tree say (README > Changing a rule). */
class PolicyReferenceTest {
    static final Path DOC = Path.of("docs", "policy.md");
    static String generated;
    static Ruleset ruleset;

    @BeforeAll
    static void generate() {
        Path rules = Path.of("rules");
        ruleset = new RulesetCompiler(Clock.systemUTC()).compile(rules);
        generated = PolicyReference.markdown(ruleset, RulesetCompiler.readDirectory(rules),
                new ScenarioLoader().loadAll(Path.of("test-scenarios")));
    }

    @Test
    void theCommittedPolicyReferenceIsUpToDateWithTheRulesAndScenarios() throws Exception {
        assertThat(Files.readString(DOC))
                .as("docs/policy.md is out of date; regenerate it: mvn -B -DskipTests package && "
                        + "java -jar target/licensing-decisions-0.1.0-SNAPSHOT.jar policy-reference > docs/policy.md")
                .isEqualTo(generated);
    }

    @Test
    void everyRuleIdHasASectionWithEachOfItsRulesFileAndLine() {
        Set<String> ids = new TreeSet<>();
        ruleset.rules().forEach(r -> {
            ids.add(r.id());
            assertThat(generated).contains("**" + r.name().replace("*", "\\*").replace("_", "\\_") + "** (`"
                    + r.file() + ":" + r.line() + "`)");
        });
        ids.forEach(id -> assertThat(generated).contains("\n### " + id + "\n"));
        assertThat(ids.stream().filter(id -> !id.startsWith("DEF-"))).hasSizeGreaterThanOrEqualTo(61);
    }

    @Test
    void interpretationsPolicyConstantsAndCoveringScenariosAreListed() {
        assertThat(generated).contains("| `baseInteractedPeople` | `10000L` |")
                .contains("| `isStandaloneOnlyGeo` | `\"DE\", \"KR\", \"ZA\"` |")
                .contains("  - **Interpretation**: The people quotas of the base offer count once per tenant")
                .contains("`outbound/trial-environment-with-one-app-is-a-trial-installation.yaml`");
    }
}

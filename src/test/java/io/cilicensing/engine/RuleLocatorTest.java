package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cilicensing.facts.FactSetReader;
import io.cilicensing.web.Spinner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A decision past its budget names the rule it was in, wherever in the rule the loop is (its
 * consequence, an eval, a DRL function its constraint calls, a function its consequence calls),
 * with rules compiled here and with rules read from the worker's export (the live rules after a
 * reload); rules whose names only begin alike are told apart.
 */
class RuleLocatorTest {
    private static final String RULES = """
            package t;
            import io.cilicensing.facts.*;
            function boolean held() { return io.cilicensing.web.Spinner.spinThenTrue("locator"); }
            rule "ENT-1 in an eval" @id("ENT-1") @source("test")
            when Tenant( id == "eval" ) eval( held() )
            then
            end
            rule "ENT-1 in an eval2" @id("ENT-1") @source("test")
            when Tenant( id == "eval2" ) eval( held() )
            then
            end
            rule "ENT-2 in a constraint" @id("ENT-2") @source("test")
            when Tenant( id == "constraint", held() )
            then
            end
            rule "ENT-3 in a consequence's function" @id("ENT-3") @source("test")
            when Tenant( id == "consequence" )
            then held();
            end
            """;

    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());
    private final DecisionService service = new DecisionService(new FactSetReader(1_000), new DecisionEngine(1_000),
            Clock.systemUTC());
    /** Far above a decision of these rules, cold; the loop holds the thread until released. */
    private final DecisionThreads threads = new DecisionThreads(1, Duration.ofSeconds(3));

    @AfterEach
    void release() {
        Spinner.release("locator");
        threads.close();
    }

    @ParameterizedTest(name = "tenant {0}, {2}")
    @CsvSource({
        "eval, ENT-1 in an eval, compiled",
        "eval2, ENT-1 in an eval2, compiled",
        "constraint, ENT-2 in a constraint, compiled",
        "consequence, ENT-3 in a consequence's function, compiled",
        "eval, ENT-1 in an eval, loaded",
        "constraint, ENT-2 in a constraint, loaded",
        "consequence, ENT-3 in a consequence's function, loaded"})
    void aDecisionPastItsBudgetNamesTheRuleItWasIn(String tenant, String rule, String how) throws Exception {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("r.drl", RULES);
        Ruleset compiled = compiler.compile(files, "test");
        Ruleset ruleset = how.equals("compiled") ? compiled : compiler.load(files, "test", RulesetCompiler.export(compiled));
        byte[] body = ("{\"asOf\":\"2024-07-01\",\"tenant\":{\"id\":\"" + tenant + "\",\"homeGeo\":\"US\"}}")
                .getBytes(StandardCharsets.UTF_8);
        Spinner.hold("locator");

        DecisionTimeoutException e = catchThrowableOfType(DecisionTimeoutException.class,
                () -> threads.run(ruleset, halt -> service.decide(body, ruleset, halt)));

        assertThat(e).isNotNull();
        assertThat(e.rule()).isEqualTo(rule);
        assertThat(e.getMessage()).contains("\"" + rule + "\"");
    }
}

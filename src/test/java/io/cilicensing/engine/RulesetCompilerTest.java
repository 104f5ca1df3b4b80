package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RulesetCompilerTest {
    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    private static final String OK = """
            package t;
            import io.cilicensing.facts.*;
            rule "ENT-01 ok" @id("ENT-01") @source("LICENSE > Entitlement details")
            when License( quantity > 1 )
            then
            end
            """;

    private static SortedMap<String, String> files(String... pathThenText) {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < pathThenText.length; i += 2) {
            m.put(pathThenText[i], pathThenText[i + 1]);
        }
        return m;
    }

    private RulesetCompilationException failure(SortedMap<String, String> files) {
        try {
            compiler.compile(files, "test");
        } catch (RulesetCompilationException e) {
            return e;
        }
        throw new AssertionError("expected compile errors");
    }

    @Test
    void listsRulesWithTheirIdSourceAndFile() {
        Ruleset r = compiler.compile(files("family/a.drl", OK), "test");

        assertThat(r.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("ENT-01");
            assertThat(rule.source()).isEqualTo("LICENSE > Entitlement details");
            assertThat(rule.file()).isEqualTo("family/a.drl");
        });
        assertThat(r.files()).singleElement().satisfies(f -> assertThat(f.sha256()).hasSize(64));
    }

    @Test
    void listsEachRulesInterpretationAndTheLineOfItsHeader() {
        String text = """
                package t;
                import io.cilicensing.facts.*;

                rule "ENT-21 blank counts as none"
                    @id("ENT-21") @source("LICENSE > Purchase guidance")
                    @interpretation("A blank SMS provider name counts as no provider.")
                when Tenant( smsEnabled )
                then
                end
                """;
        Ruleset r = compiler.compile(files("a.drl", text, "b.drl", OK.replace("package t;", "package u;")), "test");

        assertThat(r.rules()).extracting(Ruleset.RuleInfo::file, Ruleset.RuleInfo::line, Ruleset.RuleInfo::interpretation)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.drl", 4,
                                "A blank SMS provider name counts as no provider."),
                        org.assertj.core.groups.Tuple.tuple("b.drl", 3, null));
    }

    @Test
    void aMisspeltEntitlementIsACompileErrorWithFileAndLine() {
        String text = """
                package t;
                import io.cilicensing.facts.*;
                import io.cilicensing.report.*;

                rule "ENT-01 grants"
                    @id("ENT-01") @source("LICENSE > Entitlement details")
                when
                    $e : Entitlements()
                then
                    insert(Grant.of(kcontext, "tenant", Entitlement.INTERACTED_PEPOLE, 1));
                end
                """;
        RulesetCompilationException e = failure(files("grants.drl", text));

        assertThat(e.errors()).isNotEmpty().allSatisfy(err -> {
            assertThat(err.file()).isEqualTo("grants.drl");
            assertThat(err.line()).isEqualTo(5);
        });
        assertThat(e.errors()).anySatisfy(err -> assertThat(err.message()).contains("INTERACTED_PEPOLE"));
        // spelled right, the same rule compiles
        compiler.compile(files("grants.drl", text.replace("PEPOLE", "PEOPLE")), "test");
    }

    @Test
    void aConsequenceThatIsNotJavaIsReportedByItsRuleNameNotByTheClassDroolsGenerated() {
        String text = """
                package t;
                import io.cilicensing.facts.*;

                rule "ENT-21 first"
                    @id("ENT-21") @source("LICENSE > Purchase guidance")
                when Tenant( smsEnabled )
                then
                end

                rule "DEF-OUTBOUND-INSTALLS count the installed environments"
                    @id("DEF-OUTBOUND-INSTALLS") @source("CONTRACT > Answer")
                when
                    Tenant()
                then
                    thisIsNotJava();
                end
                """;
        RulesetCompilationException e = failure(files("outbound.drl", text));

        assertThat(e.errors()).singleElement().asString().isEqualTo(
                "outbound.drl:10: rule \"DEF-OUTBOUND-INSTALLS count the installed environments\": "
                        + "the method thisIsNotJava() is undefined");
    }

    @Test
    void theVersionIsAContentHashOfPathsAndContents() {
        String v1 = compiler.compile(files("a.drl", OK), "x").version();
        String v2 = compiler.compile(files("a.drl", OK), "y").version();
        String renamed = RulesetCompiler.version(files("b.drl", OK));
        String edited = RulesetCompiler.version(files("a.drl", OK + "\n"));

        assertThat(v1).isEqualTo(v2).isEqualTo(RulesetCompiler.version(files("a.drl", OK)));
        assertThat(renamed).isNotEqualTo(v1);
        assertThat(edited).isNotEqualTo(v1);
    }

    @Test
    void aParseErrorNamesFileAndLineWithoutCascadingIntoOtherFiles() {
        String broken = "package t;\nimport io.cilicensing.facts.*;\nrule \"ENT-02 x\" @id(\"ENT-02\") @source(\"s\")\nwhen\n    License( quantity > )\nthen\nend\n";
        RulesetCompilationException e = failure(files("a.drl", OK, "b.drl", broken));

        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.file()).isEqualTo("b.drl");
            assertThat(err.line()).isEqualTo(5);
        });
    }

    @Test
    void reportsEveryErrorOfEveryFile() {
        String badConstraint = OK.replace("quantity", "quantityy").replace("ENT-01", "ENT-03");
        String badConsequence = "package t;\nimport io.cilicensing.facts.*;\nrule \"ENT-04 y\" @id(\"ENT-04\") @source(\"s\")\nwhen\n    $l : License()\nthen\n    $l.nope();\nend\n";
        RulesetCompilationException e = failure(files("a.drl", badConstraint, "b.drl", badConsequence));

        assertThat(e.errors()).extracting(RuleError::file).containsExactlyInAnyOrder("a.drl", "b.drl");
        assertThat(e.errors()).allSatisfy(err -> assertThat(err.line()).isPositive());
        assertThat(e.getMessage()).contains("a.drl:").contains("b.drl:");
    }

    @Test
    void aRuleWithoutIdOrSourceIsAnError() {
        String noMeta = "package t;\nimport io.cilicensing.facts.*;\n\nrule \"nameless\"\nwhen\n    License()\nthen\nend\n";
        RulesetCompilationException e = failure(files("a.drl", noMeta));

        assertThat(e.errors()).extracting(RuleError::toString)
                .containsExactly("a.drl:4: rule \"nameless\" has no @id(\"...\")",
                        "a.drl:4: rule \"nameless\" has no @source(\"...\") naming the policy text");
    }

    @Test
    void aMissingDirectoryIsAnErrorNotACrash() {
        assertThatThrownBy(() -> compiler.compile(java.nio.file.Path.of("no/such/dir")))
                .isInstanceOf(RulesetCompilationException.class).hasMessageContaining("no such directory");
    }
}

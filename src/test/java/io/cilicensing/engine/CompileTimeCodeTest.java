package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rule text is code that an analyst (or anyone with the admin token) hands to the service, and
 * it must not run while the rules compile: not in {@code validate} with {@code "scenarios":
 * false}, not in a reload whose gate then fails. Each case puts code that creates a marker file
 * in one part of the DRL that Drools reads at compile time; compiling must not create it. The
 * part Drools evaluates as MVEL when compiling (an annotation's value: a rule's single value,
 * {@code @ActivationListener}) is refused with file and line before Drools sees the text, and so
 * is any annotation value that is not literals, wherever it stands (rule, pattern, declare, field).
 * The other parts (salience, enabled, timer, calendars, date-effective, constraints,
 * consequences, functions, field initializers) only run when rules fire, which the worker
 * process contains.
 */
class CompileTimeCodeTest {
    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    @TempDir
    static Path tmp;

    /** MVEL/Java that creates the marker file when evaluated. */
    private static String createMarker(String name) {
        return "java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + tmp.resolve(name).toString().replace("\\", "/")
                + "\"))";
    }

    private static final String HEAD = "package t;\nimport io.cilicensing.facts.*;\n";

    /** A rule whose header line (line 3) gets {@code extra}; the rest of the rule is harmless. */
    private static String rule(String headerExtra, String attributes, String when, String then) {
        return HEAD + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\") " + headerExtra + "\n"
                + attributes + "\nwhen\n    " + when + "\nthen\n    " + then + "\nend\n";
    }

    static Stream<Arguments> constructs() {
        return Stream.of(
                // name, DRL, line of the construct when it is refused (0: not refused, must compile without running)
                Arguments.of("rule annotation", rule("@note(" + createMarker("rule-annotation") + ")", "", "License()", ""), 3),
                Arguments.of("rule annotation, key=value", rule("@note(a = " + createMarker("kv-annotation") + ")", "", "License()", ""), 3),
                Arguments.of("typed rule annotation", rule("@ActivationListener(" + createMarker("activation-listener") + ")", "", "License()", ""), 3),
                Arguments.of("pattern annotation", rule("", "", "License() @watch(" + createMarker("watch") + ")", ""), 6),
                Arguments.of("calendars attribute", rule("", "calendars \"" + createMarker("calendars").replace("\"", "'") + "\"", "License()", ""), 0),
                Arguments.of("declare metadata", HEAD + "declare T\n  @note(" + createMarker("declare") + ")\n  x : int\nend\n", 4),
                Arguments.of("declared field metadata", HEAD + "declare T\n  x : int @note(" + createMarker("field") + ")\nend\n", 4),
                Arguments.of("salience expression", rule("", "salience " + createMarker("salience") + ".hashCode()", "License()", ""), 0),
                Arguments.of("enabled expression", rule("", "enabled " + createMarker("enabled") + " != null", "License()", ""), 0),
                Arguments.of("timer expression", rule("", "timer (expr: " + createMarker("timer") + ".hashCode())", "License()", ""), 0),
                Arguments.of("date-effective", rule("", "date-effective \"" + createMarker("date").replace("\"", "'") + "\"", "License()", ""), 0),
                Arguments.of("constraint", rule("", "", "License( id == " + createMarker("constraint") + ".toString() )", ""), 0),
                Arguments.of("mvel consequence", rule("", "dialect \"mvel\"", "License()", createMarker("mvel-rhs") + ";"), 0),
                Arguments.of("java consequence", rule("", "", "License()", createMarker("java-rhs") + ";"), 0),
                Arguments.of("declared field initializer", HEAD + "declare T\n  x : Object = " + createMarker("initializer") + "\nend\n", 0),
                Arguments.of("function", HEAD + "function Object f() { return " + createMarker("function") + "; }\n", 0));
    }

    @AfterEach
    void removeMarkers() throws Exception {
        try (Stream<Path> made = Files.list(tmp)) {
            for (Path p : made.toList()) {
                Files.delete(p);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void compilingRulesNeverRunsTheirCode(String name, String drl, int refusedAtLine) throws Exception {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("x.drl", drl);
        RulesetCompilationException refused = catchThrowableOfType(() -> compiler.compile(files, "test"),
                RulesetCompilationException.class);

        try (Stream<Path> made = Files.list(tmp)) {
            assertThat(made.map(p -> p.getFileName().toString())).as("marker files created while compiling").isEmpty();
        }
        if (refusedAtLine > 0) {
            assertThat(refused).as("refused").isNotNull();
            assertThat(refused.errors()).anySatisfy(e -> {
                assertThat(e.file()).isEqualTo("x.drl");
                assertThat(e.line()).isEqualTo(refusedAtLine);
                assertThat(e.message()).contains("evaluated as code");
            });
        }
    }

    @Test
    void literalAnnotationsOfEveryKindStillCompile() {
        String drl = HEAD + """
                declare Event
                    @role(event) @expires(1h30m) @note(key = "v", other = 2)
                    id : String @key @position(0)
                end
                // a comment may say @note(anything.at(all))
                rule "ENT-01 r" @id("ENT-01") @source("LICENSE > Entitlement details (a) b.c")
                    @interpretation("text with (parentheses), dots. and 'quotes'") @weight(-1.5) @tags({'a', "b"})
                when
                    License( quantity > 1 ) @watch(quantity, !sku, *)
                then
                    String s = "@note(java.lang.System.exit(1))";
                end
                """;
        TreeMap<String, String> files = new TreeMap<>();
        files.put("x.drl", drl);

        Ruleset r = compiler.compile(files, "test");

        assertThat(r.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.id()).isEqualTo("ENT-01");
            assertThat(rule.source()).isEqualTo("LICENSE > Entitlement details (a) b.c");
        });
    }

    @Test
    void theServicesOwnRulesPassTheCheck() {
        assertThat(LiteralAnnotations.check(RulesetCompiler.readDirectory(Path.of("rules")))).isEmpty();
    }

    @Test
    void everyRefusedAnnotationIsListedWithItsFileAndLine() {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("a.drl", rule("@note(1 + x.y)", "", "License()", ""));
        files.put("b/c.drl", HEAD + "\n\ndeclare T @note(new Object) end\n");

        RulesetCompilationException e = catchThrowableOfType(() -> compiler.compile(files, "test"),
                RulesetCompilationException.class);

        assertThat(e.errors()).extracting(RuleError::file, RuleError::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a.drl", 3), org.assertj.core.groups.Tuple.tuple("b/c.drl", 5));
        assertThat(e.errors().get(0).toString()).startsWith("a.drl:3: @note(...) is not a literal ('+')");
        assertThat(e.errors().get(1).message()).contains("('new')");
    }
}

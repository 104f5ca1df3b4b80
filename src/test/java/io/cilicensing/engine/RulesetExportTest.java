package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.ReportJson;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kie.api.runtime.KieSession;

/**
 * The compiled rules the worker process sends ({@link RulesetCompiler#export}) and the service
 * makes live without compiling again ({@link RulesetCompiler#load}).
 */
class RulesetExportTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = ReportJson.mapper();
    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    @TempDir
    Path tmp;

    private static final String HEAD = "package t;\nimport io.cilicensing.facts.*;\n";

    private static SortedMap<String, String> files(String... pathThenText) {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < pathThenText.length; i += 2) {
            m.put(pathThenText[i], pathThenText[i + 1]);
        }
        return m;
    }

    private static String grant(int quantity) {
        return HEAD + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\nwhen License( quantity > " + quantity
                + " )\nthen\nend\n";
    }

    @Test
    void theServicesRulesLoadedFromTheirExportDecideEveryScenarioExactlyAsWhenCompiled() throws Exception {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(Path.of("rules"));
        Ruleset compiled = compiler.compile(files, "rules");

        Ruleset loaded = compiler.load(files, "rules", RulesetCompiler.export(compiled));

        assertThat(loaded.version()).isEqualTo(compiled.version());
        assertThat(loaded.rules()).isEqualTo(compiled.rules());
        assertThat(loaded.files()).isEqualTo(compiled.files());
        DecisionService service = new DecisionService(new FactSetReader(100_000), new DecisionEngine(10_000), CLOCK);
        List<Scenario> scenarios = new ScenarioLoader().loadAll(Path.of("test-scenarios"));
        assertThat(scenarios).hasSizeGreaterThan(100);
        int decided = 0;
        for (Scenario s : scenarios) {
            byte[] body = JSON.writeValueAsBytes(s.request());
            String fresh = answer(service, body, compiled);
            String transferred = answer(service, body, loaded);
            assertThat(transferred).as(s.file()).isEqualTo(fresh);
            decided += fresh.startsWith("{") ? 1 : 0;
        }
        assertThat(decided).as("scenarios that decided (not rejected)").isGreaterThan(100);
    }

    /** The report without what differs between two decisions of the same body (id, ruleset load time). */
    private static String answer(DecisionService service, byte[] body, Ruleset ruleset) throws IOException {
        try {
            ObjectNode report = JSON.valueToTree(service.decide(body, ruleset));
            report.remove("decisionId");
            report.remove("ruleset");
            return JSON.writeValueAsString(report);
        } catch (BadFactsException e) {
            return "rejected: " + e.getMessage();
        }
    }

    @Test
    void aLoadedRulesetKeepsDecidingWithItsOwnRules() throws Exception {
        SortedMap<String, String> one = files("r.drl", grant(1));
        Ruleset compiled = compiler.compile(one, "test");

        Ruleset loaded = compiler.load(one, "test", RulesetCompiler.export(compiled));

        assertThat(loaded.rules()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("ENT-01");
            assertThat(r.file()).isEqualTo("r.drl");
            assertThat(r.line()).isEqualTo(3);
        });
        assertThat(loaded.kieBase()).isNotSameAs(compiled.kieBase());
    }

    @Test
    void compiledRulesOfOtherFilesAreRefused() {
        byte[] exported = RulesetCompiler.export(compiler.compile(files("r.drl", grant(1)), "test"));

        assertThatThrownBy(() -> compiler.load(files("r.drl", grant(2)), "test", exported))
                .isInstanceOf(IOException.class).hasMessageContaining("version");
    }

    @Test
    void cutOffOrAlteredCompiledRulesAreRefused() {
        SortedMap<String, String> one = files("r.drl", grant(1));
        byte[] exported = RulesetCompiler.export(compiler.compile(one, "test"));

        assertThatThrownBy(() -> compiler.load(one, "test", Arrays.copyOf(exported, exported.length / 2)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> compiler.load(one, "test", Arrays.copyOf(exported, exported.length + 1)))
                .isInstanceOf(IOException.class);
        assertThatThrownBy(() -> compiler.load(one, "test", "not compiled rules".getBytes()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aClassOutsideTheEnginesJdkValuesAndFactsIsNotDeserialized() throws Exception {
        SortedMap<String, String> one = files("r.drl", grant(1));
        // the export's header, then a serialized object of a class load() does not admit
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream data = new DataOutputStream(bytes);
        data.writeUTF("cilicensing-compiled-rules-1");
        data.writeUTF(RulesetCompiler.version(one));
        data.writeInt(0);
        data.flush();
        ObjectOutputStream out = new ObjectOutputStream(bytes);
        out.writeInt(1);
        out.writeObject(URI.create("http://example.org/"));
        out.flush();
        // the header is the one export writes: with a package instead, the same bytes load
        assertThat(compiler.load(one, "test", RulesetCompiler.export(compiler.compile(one, "test"))).rules()).hasSize(1);

        assertThatThrownBy(() -> compiler.load(one, "test", bytes.toByteArray()))
                .isInstanceOf(InvalidClassException.class).hasMessageContaining("REJECTED");
    }

    @Test
    void loadingChecksTheAnnotationsAsCompilingDoes() {
        SortedMap<String, String> ok = files("r.drl", grant(1));
        byte[] exported = RulesetCompiler.export(compiler.compile(ok, "test"));
        SortedMap<String, String> notLiteral = files("r.drl", grant(1).replace("@source(\"s\")",
                "@source(\"s\") @note(java.lang.System.getProperty(\"user.home\"))"));

        assertThatThrownBy(() -> compiler.load(notLiteral, "test", exported))
                .isInstanceOf(RulesetCompilationException.class).hasMessageContaining("r.drl:3");
    }

    /** MVEL/Java that creates the marker file when evaluated. */
    private String createMarker(String name) {
        return "java.nio.file.Files.createFile(java.nio.file.Path.of(\"" + tmp.resolve(name).toString().replace("\\", "/")
                + "\"))";
    }

    /** A rule with no conditions (it fires in an empty session) whose parts run {@code code} when evaluated. */
    static Stream<Arguments> constructs() {
        return Stream.of(
                Arguments.of("java consequence", (Construct) m -> HEAD + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\n"
                        + "when\nthen\n    " + m + ";\nend\n"),
                Arguments.of("mvel consequence", (Construct) m -> HEAD + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\n"
                        + "dialect \"mvel\"\nwhen\nthen\n    " + m + ";\nend\n"),
                Arguments.of("salience expression", (Construct) m -> HEAD + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\n"
                        + "salience " + m + ".hashCode()\nwhen\nthen\nend\n"),
                Arguments.of("eval", (Construct) m -> HEAD + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\n"
                        + "when\n    eval( " + m + " != null )\nthen\nend\n"),
                Arguments.of("function", (Construct) m -> HEAD + "function Object f() { return " + m + "; }\n"
                        + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\nwhen\nthen\n    f();\nend\n"),
                Arguments.of("declared field initializer", (Construct) m -> HEAD + "declare T\n  x : Object = " + m + "\nend\n"
                        + "rule \"ENT-01 r\" @id(\"ENT-01\") @source(\"s\")\nwhen\nthen\n    insert(new T());\nend\n"));
    }

    @FunctionalInterface
    interface Construct {
        String drl(String markerCode);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constructs")
    void loadingCompiledRulesRunsNoneOfTheirCodeUntilTheyFire(String name, Construct construct) throws Exception {
        Path marker = tmp.resolve("marker");
        SortedMap<String, String> one = files("x.drl", construct.drl(createMarker("marker")));
        byte[] exported = RulesetCompiler.export(compiler.compile(one, "test"));
        assertThat(marker).as("created while compiling").doesNotExist();

        Ruleset loaded = compiler.load(one, "test", exported);

        assertThat(marker).as("created while loading").doesNotExist();
        KieSession session = loaded.newSession();
        try {
            session.fireAllRules();
        } finally {
            session.dispose();
        }
        assertThat(marker).as("created once the rule fired (the code is there)").exists();
        Files.delete(marker);
    }
}

package io.cilicensing.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.RuleError;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.impact.Replayer;
import io.cilicensing.policydoc.PolicyReference;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.ReportJson;
import io.cilicensing.scenarios.Coverage;
import io.cilicensing.scenarios.JUnitXml;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import io.cilicensing.scenarios.ScenarioResult;
import io.cilicensing.scenarios.ScenarioRunner;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * The command line: {@code validate}, {@code scenarios}, {@code decide}, {@code impact},
 * {@code capture}, each with {@code --help}; {@code help} (or {@code --help}) lists them with the
 * server's main options.
 */
public final class Cli {
    private static final Set<String> VERBS = Set.of("validate", "scenarios", "decide", "impact", "capture", "kafka",
            "policy-reference", "help");
    private static final Set<String> HELP = Set.of("help", "--help", "-h");

    private Cli() {}

    public static boolean isVerb(String arg) {
        return VERBS.contains(arg);
    }

    /**
     * Whether these arguments are a command rather than the server's options: a first argument
     * that is a word (a verb, or an unknown one, answered with the list of verbs), or
     * {@code --help} / {@code -h}. Server options all start with {@code --}.
     */
    public static boolean handles(String[] args) {
        return args.length > 0 && (HELP.contains(args[0]) || !args[0].startsWith("-"));
    }

    /** Runs a verb; returns the exit code (0 fine, 1 the check failed, 2 bad usage; impact also 3). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        quietLogs();
        String verb = args[0];
        if (HELP.contains(verb)) {
            out.println(overview());
            return 0;
        }
        if (!VERBS.contains(verb)) {
            return usage(err, "unknown verb '" + verb + "'\n\n" + overview());
        }
        List<String> rest = new ArrayList<>(List.of(args).subList(1, args.length));
        if (rest.contains("--help") || rest.contains("-h")) {
            out.println(help(verb));
            return 0;
        }
        try {
            return switch (verb) {
                case "validate" -> validate(rest, out, err);
                case "scenarios" -> scenarios(rest, out, err);
                case "decide" -> decide(rest, out, err);
                case "impact" -> ImpactCommand.run(rest, out, err);
                case "capture" -> CaptureCommand.run(rest, out, err);
                case "kafka" -> io.cilicensing.kafka.KafkaCommand.run(rest, out, err);
                case "policy-reference" -> policyReference(rest, out, err);
                default -> usage(err, "unknown verb " + verb);
            };
        } catch (UsageException e) {
            return usage(err, e.getMessage() + "\n\n" + help(verb));
        }
    }

    /** The verbs and the server's main options ({@code help}, {@code --help}, an unknown verb). */
    static String overview() {
        return """
                licensing-decisions: the Customer Insights licensing decision service.

                  java -jar licensing-decisions.jar [--option=value ...]   start the HTTP service
                  java -jar licensing-decisions.jar VERB [arguments]       run one command and exit

                verbs (each with --help):
                  validate [rules-dir]                compile the rules; errors as file:line: message
                  scenarios [dir] [--rules dir]       run the scenario files against the rules
                  decide facts.json [--rules dir]     decide one fact set, print the report
                  impact --candidate DIR [...]        what a rule change does to logged (or given) decisions
                  capture DECISION_ID [...]           write a logged decision as a scenario file
                  kafka produce|read|check [...]      send fact sets to Kafka, read decisions, check exactly once
                  policy-reference [--rules dir]      the policy reference (docs/policy.md) from the rules
                  help                                this text

                main options of the service (--name=value, or the environment variable):
                  --server.port=8080                          SERVER_PORT
                  --rules.dir=./rules                         RULES_DIR
                  --rules.scenarios-dir=./test-scenarios      RULES_SCENARIOSDIR
                  --rules.gate=true  --rules.watch=true       RULES_GATE, RULES_WATCH
                  --rules.admin-token=SECRET                  RULES_ADMIN_TOKEN (admin endpoints)
                  --rules.impact.time-budget=20s              RULES_IMPACT_TIMEBUDGET
                  --decisions.api-keys=KEY1,KEY2              DECISIONS_API_KEYS
                  --decisions.log.path=logs/decisions.jsonl   DECISIONS_LOG_PATH
                  --decisions.log.enabled=true  --decisions.log.facts=true
                every property: README > Configuration.""";
    }

    static String help(String verb) {
        return switch (verb) {
            case "validate" -> """
                    validate [rules-dir]
                      Compiles every *.drl below rules-dir (default ./rules) exactly as the service does.
                      Prints 'file:line: message' for every error and exits 1, or prints the ruleset
                      version and rule count and exits 0.""";
            case "scenarios" -> """
                    scenarios [scenarios-dir] [--rules dir] [--junit-xml out.xml]
                      Runs every *.yaml below scenarios-dir (default ./test-scenarios) against the rules
                      in --rules (default ./rules), through the same path as POST /v1/decisions.
                      Prints each failing scenario with its differences, a coverage table (each rule id
                      with the number of scenarios that fired it, and the rules no scenario fired) and
                      'N passed, N failed'. --junit-xml also writes the results as a JUnit XML
                      report. Exits 1 on any failure or compile error.""";
            case "decide" -> """
                    decide facts.json [--rules dir]
                      Decides the fact set in facts.json with the rules in --rules (default ./rules) and
                      prints the decision report as JSON. Exits 1 when the facts are rejected.""";
            case "policy-reference" -> """
                    policy-reference [--rules dir] [--scenarios dir]
                      Prints the policy reference in Markdown, made from the rules in --rules (default
                      ./rules) and the scenarios in --scenarios (default ./test-scenarios): the policy
                      constants, then every rule ID with its rules (name, source, interpretation,
                      file:line) and the scenarios that cover it. docs/policy.md is this output:
                        java -jar target/licensing-decisions-0.1.0-SNAPSHOT.jar policy-reference > docs/policy.md
                      Exits 1 when the rules do not compile.""";
            case "impact" -> ImpactCommand.HELP;
            case "capture" -> CaptureCommand.HELP;
            case "kafka" -> io.cilicensing.kafka.KafkaCommand.HELP;
            default -> overview();
        };
    }

    private static int policyReference(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of(option(args, "--rules", "./rules"));
        Path scenariosDir = Path.of(option(args, "--scenarios", "./test-scenarios"));
        Ruleset ruleset = compileOrReport(rulesDir, err);
        if (ruleset == null) {
            return 1;
        }
        out.print(PolicyReference.markdown(ruleset, RulesetCompiler.readDirectory(rulesDir),
                new ScenarioLoader().loadAll(scenariosDir)));
        return 0;
    }

    private static int validate(List<String> args, PrintStream out, PrintStream err) {
        Path dir = Path.of(positional(args, 0, "./rules"));
        try {
            Ruleset r = new RulesetCompiler(Clock.systemUTC()).compile(dir);
            out.println("ok: " + r.rules().size() + " rules in " + r.files().size() + " files, version " + r.version());
            return 0;
        } catch (RulesetCompilationException e) {
            for (RuleError error : e.errors()) {
                err.println(error);
            }
            err.println(e.errors().size() + " error" + (e.errors().size() == 1 ? "" : "s"));
            return 1;
        }
    }

    private static int scenarios(List<String> args, PrintStream out, PrintStream err) {
        Path rulesDir = Path.of(option(args, "--rules", "./rules"));
        String junitXml = option(args, "--junit-xml", null);
        Path dir = Path.of(positional(args, 0, "./test-scenarios"));
        Ruleset ruleset = compileOrReport(rulesDir, err);
        if (ruleset == null) {
            return 1;
        }
        List<Scenario> scenarios = new ScenarioLoader().loadAll(dir);
        if (scenarios.isEmpty()) {
            err.println("no scenarios under " + dir);
            return 1;
        }
        List<ScenarioResult> results = new ScenarioRunner(service()).runAll(scenarios, ruleset);
        int failed = 0;
        for (ScenarioResult r : results) {
            if (!r.passed()) {
                failed++;
                out.println("FAIL " + r.describe());
            }
        }
        out.println();
        out.print(Coverage.of(ruleset, results).table());
        out.println();
        if (junitXml != null) {
            try {
                JUnitXml.write(results, Path.of(junitXml));
            } catch (IOException e) {
                err.println(e.getMessage());
                return 1;
            }
        }
        out.println("scenarios: " + (results.size() - failed) + " passed, " + failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private static int decide(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.get(0).startsWith("--")) {
            throw new UsageException("decide needs a facts file");
        }
        Path rulesDir = Path.of(option(args, "--rules", "./rules"));
        byte[] body;
        try {
            body = Files.readAllBytes(Path.of(args.get(0)));
        } catch (IOException e) {
            err.println("cannot read " + args.get(0) + ": " + e.getMessage());
            return 2;
        }
        Ruleset ruleset = compileOrReport(rulesDir, err);
        if (ruleset == null) {
            return 1;
        }
        try {
            DecisionReport report = service().decide(body, ruleset);
            out.println(ReportJson.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return 0;
        } catch (BadFactsException e) {
            err.println(e.error() + ": " + e.getMessage());
            e.violations().forEach(v -> err.println("  " + v.path() + ": " + v.message()));
            return 1;
        } catch (IOException e) {
            err.println("cannot write the report: " + e.getMessage());
            return 1;
        }
    }

    /** The command line prints its own findings; engine chatter below WARN (and Drools' own error echo) is noise. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            ctx.getLogger("org.drools").setLevel(ch.qos.logback.classic.Level.OFF);
            ctx.getLogger("org.kie").setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }

    /** The compiled rules, or null after printing every error. */
    static Ruleset compileOrReport(Path rulesDir, PrintStream err) {
        try {
            return new RulesetCompiler(Clock.systemUTC()).compile(rulesDir);
        } catch (RulesetCompilationException e) {
            e.errors().forEach(err::println);
            return null;
        }
    }

    /** A decision service with the limits the HTTP service has by default (application.properties). */
    private static DecisionService service() {
        Properties defaults = defaults();
        int maxInteractions = Integer.parseInt(defaults.getProperty("decisions.max-interactions"));
        int firingLimit = Integer.parseInt(defaults.getProperty("rules.firing-limit"));
        int firingsPerFact = Integer.parseInt(defaults.getProperty("rules.firings-per-fact"));
        return new DecisionService(new FactSetReader(maxInteractions), new DecisionEngine(firingLimit, firingsPerFact),
                Clock.systemUTC());
    }

    /** Decides again with the limits the HTTP service has by default (application.properties). */
    static Replayer replayer() {
        Properties defaults = defaults();
        return new Replayer(Integer.parseInt(defaults.getProperty("decisions.max-interactions")),
                Integer.parseInt(defaults.getProperty("rules.firing-limit")),
                Integer.parseInt(defaults.getProperty("rules.firings-per-fact")));
    }

    /** The service's default properties (application.properties in the jar). */
    static Properties defaults() {
        Properties defaults = new Properties();
        try (InputStream in = Cli.class.getResourceAsStream("/application.properties")) {
            defaults.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("application.properties is missing from the jar", e);
        }
        return defaults;
    }

    /** Every value of a repeatable option ({@code --log a --log b}, or {@code --log a b} up to the next option). */
    static List<String> options(List<String> args, String name) {
        List<String> values = new ArrayList<>();
        int i;
        while ((i = args.indexOf(name)) >= 0) {
            args.remove(i);
            int taken = 0;
            while (i < args.size() && !args.get(i).startsWith("--")) {
                values.add(args.remove(i));
                taken++;
            }
            if (taken == 0) {
                throw new UsageException(name + " needs a value");
            }
        }
        return values;
    }

    /** Removes a flag; whether it was there. */
    static boolean flag(List<String> args, String name) {
        return args.remove(name);
    }

    static String option(List<String> args, String name, String dflt) {
        int i = args.indexOf(name);
        if (i < 0) {
            return dflt;
        }
        if (i + 1 >= args.size()) {
            throw new UsageException(name + " needs a value");
        }
        String v = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return v;
    }

    private static String positional(List<String> args, int index, String dflt) {
        List<String> plain = args.stream().filter(a -> !a.startsWith("--")).toList();
        return plain.size() > index ? plain.get(index) : dflt;
    }

    static int usage(PrintStream err, String message) {
        err.println(message);
        return 2;
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}

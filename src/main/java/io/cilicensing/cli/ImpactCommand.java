package io.cilicensing.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.cilicensing.engine.RuleError;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompilationException;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.impact.ImpactAnalyzer;
import io.cilicensing.impact.ImpactInput;
import io.cilicensing.impact.ImpactReport;
import io.cilicensing.impact.ImpactSources;
import io.cilicensing.kafka.FactsTopicSnapshot;
import io.cilicensing.report.ReportJson;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;

/** {@code impact}: what a candidate ruleset changes in logged (or given) decisions. */
final class ImpactCommand {
    static final String HELP = """
            impact --candidate DIR [--baseline DIR] [--log FILE...] [--facts DIR] [--scenarios DIR]
                   [--kafka BOOTSTRAP [--facts-topic T]] [--since T] [--last N] [--json] [--fail-on-change]
              Decides fact sets with the baseline rules (default ./rules) and with the candidate rules
              in DIR, and reports what changes: verdicts, request outcomes, findings (code and
              subject), entitlements, deadlines, each group with its count, the rules through which it
              changes and up to 5 example decisions; then the rules whose firing counts differ.
              The fact sets come from one of:
                --log FILE...    decision log files, each with its rotated files FILE.1, FILE.2, ...
                                 (the default: logs/decisions.jsonl)
                --facts DIR      every *.json below DIR, one fact set each
                --scenarios DIR  the requests of the scenario files below DIR
                --kafka BOOTSTRAP  every tenant's latest fact set in the compacted facts topic
                                 (--facts-topic, default licensing.facts) of the brokers BOOTSTRAP,
                                 read from the beginning to the end offsets taken at start
                                 (read_committed; a tombstone deletes its tenant)
              --since T    only decisions logged at or after T: an instant (2026-11-29T08:00:00Z), a
                           date (2026-11-29, its start in UTC) or a time back from now (30m, 24h, 7d)
              --last N     only the last N logged decisions
              --json       print the report as JSON (the shape of POST /v1/ruleset/impact)
              --fail-on-change  exit 1 when any decision changes
              On a terminal a progress line shows the count, the rate and the time left.
              Exit status: 0 no decision changes (or changes without --fail-on-change), 1 decisions
              change and --fail-on-change was given, 2 bad usage or unusable input (a baseline that
              does not compile, a missing directory), 3 the candidate does not compile (its errors as
              file:line: message).""";

    private static final Pattern AGO = Pattern.compile("(\\d+)([smhd])");

    private ImpactCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        String candidateDir = Cli.option(rest, "--candidate", null);
        String baselineDir = Cli.option(rest, "--baseline", "./rules");
        List<String> logs = Cli.options(rest, "--log");
        String factsDir = Cli.option(rest, "--facts", null);
        String scenariosDir = Cli.option(rest, "--scenarios", null);
        String kafka = Cli.option(rest, "--kafka", null);
        String factsTopic = Cli.option(rest, "--facts-topic", null);
        String sinceText = Cli.option(rest, "--since", null);
        String lastText = Cli.option(rest, "--last", null);
        boolean json = Cli.flag(rest, "--json");
        boolean failOnChange = Cli.flag(rest, "--fail-on-change");
        if (!rest.isEmpty()) {
            throw new Cli.UsageException("unexpected argument(s): " + String.join(" ", rest));
        }
        if (candidateDir == null) {
            throw new Cli.UsageException("impact needs --candidate DIR (the changed rules)");
        }
        int sources = (logs.isEmpty() ? 0 : 1) + (factsDir == null ? 0 : 1) + (scenariosDir == null ? 0 : 1)
                + (kafka == null ? 0 : 1);
        if (sources > 1) {
            throw new Cli.UsageException("give one of --log, --facts, --scenarios, --kafka");
        }
        if (factsTopic != null && kafka == null) {
            throw new Cli.UsageException("--facts-topic goes with --kafka BOOTSTRAP");
        }
        if ((sinceText != null || lastText != null) && (factsDir != null || scenariosDir != null || kafka != null)) {
            throw new Cli.UsageException("--since and --last select logged decisions; they do not go with --facts, "
                    + "--scenarios or --kafka");
        }
        Instant since = sinceText == null ? null : since(sinceText, Instant.now());
        Integer last = lastText == null ? null : positive(lastText);
        ImpactReport report;

        // The two rulesets compile on a thread of their own while this one reads the fact sets: both
        // are single-threaded and take seconds in a fresh JVM.
        Path candidatePath = Path.of(candidateDir);
        boolean candidateExists = Files.isDirectory(candidatePath); // looked at once: the compile and the message agree
        ExecutorService compiling = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "impact-compile");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Ruleset> baselineCompiled = compiling.submit(
                    () -> new RulesetCompiler(Clock.systemUTC()).compile(Path.of(baselineDir)));
            Future<Compiled> candidateCompiled = compiling.submit(() -> compileCandidate(baselineCompiled,
                    candidateExists ? candidatePath : null, candidateDir));
            ImpactInput input;
            UncheckedIOException unreadable = null;
            try {
                input = kafka != null
                        ? FactsTopicSnapshot.impactInput(kafka, factsTopic == null ? "licensing.facts" : factsTopic,
                                Map.of())
                        : readInput(factsDir, scenariosDir, logs, since, last);
            } catch (UncheckedIOException e) {
                input = null;
                unreadable = e;
            } catch (KafkaException | IllegalArgumentException | IllegalStateException e) {
                input = null;
                unreadable = new UncheckedIOException("cannot read the facts topic: " + e.getMessage(),
                        new IOException(e));
            }
            Ruleset baseline;
            try {
                baseline = result(baselineCompiled);
            } catch (RulesetCompilationException e) {
                err.println("the baseline rules in " + baselineDir + " do not compile:");
                e.errors().forEach(x -> err.println("  " + x));
                return 2;
            }
            if (unreadable != null) {
                err.println(unreadable.getMessage());
                return 2;
            }
            if (!candidateExists) {
                err.println("no candidate rules directory at " + candidateDir);
                return 2;
            }
            Compiled candidate = result(candidateCompiled);
            if (candidate.errors() != null) {
                report = ImpactReport.compileFailed(new ImpactReport.BaselineRef(baseline.version(), baselineDir),
                        candidate.errors().errors(), input.source(), candidate.millis());
            } else {
                ProgressLine progress = System.console() != null ? new ProgressLine(err) : null;
                ImpactAnalyzer.Options options = ImpactAnalyzer.Options.defaults();
                if (progress != null) {
                    options = options.withProgress(progress::show);
                }
                report = new ImpactAnalyzer(Cli.replayer(), Clock.systemUTC()).analyze(baseline, baselineDir,
                        candidate.ruleset(), input, options);
                if (progress != null) {
                    progress.clear();
                }
            }
        } finally {
            compiling.shutdownNow();
        }
        if (json) {
            try {
                out.println(ReportJson.mapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            } catch (IOException e) {
                err.println("cannot write the report: " + e.getMessage());
                return 2;
            }
        } else {
            out.print(ImpactTable.of(report, candidateDir));
        }
        if (ImpactReport.COMPILE_FAILED.equals(report.outcome())) {
            if (json) {
                for (RuleError e : report.errors()) {
                    err.println(e);
                }
            }
            return 3;
        }
        return failOnChange && report.changed() > 0 ? 1 : 0;
    }

    /** The candidate compiled, or its errors, and how long compiling took. */
    private record Compiled(Ruleset ruleset, RulesetCompilationException errors, long millis) {}

    /** Compiles the candidate once the baseline compiled (null when it did not, or {@code dir} is null: no directory). */
    private static Compiled compileCandidate(Future<Ruleset> baseline, Path dir, String origin) {
        try {
            result(baseline);
        } catch (RuntimeException e) {
            return null;
        }
        if (dir == null) {
            return null;
        }
        long started = System.nanoTime();
        try {
            return new Compiled(new RulesetCompiler(Clock.systemUTC()).compile(RulesetCompiler.readDirectory(dir),
                    origin), null, (System.nanoTime() - started) / 1_000_000);
        } catch (RulesetCompilationException e) {
            return new Compiled(null, e, (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** The fact sets to replay; {@link UncheckedIOException} says why they cannot be read. */
    private static ImpactInput readInput(String factsDir, String scenariosDir, List<String> logs, Instant since,
                                         Integer last) {
        if (factsDir != null) {
            return ImpactSources.facts(existingDirectory(factsDir));
        }
        if (scenariosDir != null) {
            return ImpactSources.scenarios(existingDirectory(scenariosDir));
        }
        List<Path> files = (logs.isEmpty() ? List.of("logs/decisions.jsonl") : logs).stream().map(Path::of).toList();
        for (Path f : files) {
            if (!Files.exists(f)) {
                throw new UncheckedIOException("no decision log at " + f, new IOException("no decision log at " + f));
            }
        }
        return ImpactSources.log(files, since, last);
    }

    /** A background task's result; its unchecked exception rethrown as is. */
    private static <T> T result(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static Instant since(String text, Instant now) {
        Matcher ago = AGO.matcher(text);
        if (ago.matches()) {
            long n = Long.parseLong(ago.group(1));
            Duration d = switch (ago.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(d);
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e2) {
                throw new Cli.UsageException("--since " + text + ": not an instant (2026-11-29T08:00:00Z), a date "
                        + "(2026-11-29) or a time back from now (30m, 24h, 7d)");
            }
        }
    }

    private static int positive(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // below
        }
        throw new Cli.UsageException("--last " + text + ": not a positive whole number");
    }

    private static Path existingDirectory(String dir) {
        Path p = Path.of(dir);
        if (!Files.isDirectory(p)) {
            throw new UncheckedIOException(new IOException("no directory at " + dir));
        }
        return p;
    }

    /** "  12,000 / 100,000 decisions  4,100/s  21 s left" on one line, rewritten in place. */
    static final class ProgressLine {
        private final PrintStream err;
        private final long started = System.nanoTime();
        private long lastShown;

        ProgressLine(PrintStream err) {
            this.err = err;
        }

        void show(int done, int total) {
            long now = System.nanoTime();
            if (now - lastShown < 200_000_000L && done < total) {
                return;
            }
            lastShown = now;
            err.print("\r" + text(done, total, (now - started) / 1e9) + "   ");
            err.flush();
        }

        static String text(int done, int total, double seconds) {
            double rate = seconds > 0 ? done / seconds : 0;
            String left = rate > 0 ? String.format(Locale.ROOT, "%d s left", Math.round((total - done) / rate)) : "";
            return String.format(Locale.ROOT, "replaying %,d / %,d decisions  %,.0f/s  %s", done, total, rate, left);
        }

        void clear() {
            err.print("\r" + " ".repeat(80) + "\r");
            err.flush();
        }
    }
}

package io.cilicensing.cli;

import io.cilicensing.decisionlog.DecisionLogReader;
import io.cilicensing.decisionlog.LoggedDecision;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.scenarios.ScenarioCapture;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code capture}: a logged decision written as a scenario file. */
final class CaptureCommand {
    /** Ids listed when a beginning names several decisions. */
    private static final int LISTED_IDS = 5;
    static final String HELP = """
            capture DECISION_ID [--log FILE...] [--out DIR] [--rules DIR]
              Finds the decision (its id, or a unique beginning of it) in the decision log (default
              logs/decisions.jsonl and its rotated files), decides its logged fact set again with the
              rules in --rules (default ./rules) at the instant it was decided for, and writes a
              scenario file under --out (default ./test-scenarios/captured) whose request is the fact
              set and whose expectations are that answer: the verdict, every finding (code, subject,
              ruleId, severity; exactly those), the deadlines, each request's outcome and the
              entitlements granted. The file is named after what it shows; review it and commit it,
              and the scenario suite runs it like any other. Exits 1 when the decision is not in the
              log or its fact set was not logged, 2 on bad usage.""";

    private CaptureCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> rest = new ArrayList<>(args);
        List<String> logs = Cli.options(rest, "--log");
        String outDir = Cli.option(rest, "--out", "./test-scenarios/captured");
        String rulesDir = Cli.option(rest, "--rules", "./rules");
        if (rest.size() != 1 || rest.get(0).startsWith("--")) {
            throw new Cli.UsageException("capture needs one decision id");
        }
        String id = rest.get(0);
        List<Path> files = new ArrayList<>();
        for (String log : logs.isEmpty() ? List.of("logs/decisions.jsonl") : logs) {
            files.addAll(DecisionLogReader.withRotated(Path.of(log)));
        }
        if (files.isEmpty()) {
            err.println("no decision log at " + String.join(", ", logs.isEmpty() ? List.of("logs/decisions.jsonl")
                    : logs));
            return 1;
        }
        Map<String, LoggedDecision> found = new LinkedHashMap<>();
        for (LoggedDecision d : DecisionLogReader.read(files, null, null,
                d -> d.decisionId().startsWith(id)).decisions()) {
            found.put(d.decisionId(), d);
        }
        if (found.isEmpty()) {
            err.println("no decision " + id + " in " + files);
            return 1;
        }
        if (found.size() > 1) {
            List<String> ids = List.copyOf(found.keySet());
            err.println(id + " is the beginning of " + found.size() + " decision ids: "
                    + String.join(", ", ids.subList(0, Math.min(ids.size(), LISTED_IDS)))
                    + (ids.size() > LISTED_IDS ? " and " + (ids.size() - LISTED_IDS) + " more" : "")
                    + "; give more of the id (decision ids are time-ordered: their beginnings repeat)");
            return 2;
        }
        LoggedDecision d = found.values().iterator().next();
        if (d.body() == null) {
            err.println("decision " + d.decisionId() + " cannot be captured: " + d.problem());
            return 1;
        }
        Ruleset rules = Cli.compileOrReport(Path.of(rulesDir), err);
        if (rules == null) {
            return 2;
        }
        DecisionReport report;
        try {
            report = Cli.replayer().decide(d.body(), d.asOf(), rules);
        } catch (BadFactsException e) {
            err.println("the logged fact set is not accepted today: " + e.error() + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("deciding the logged fact set failed: " + e.getMessage());
            return 1;
        }
        ScenarioCapture.Captured captured = ScenarioCapture.of(d.body(), d.asOf(), report,
                "captured from decision " + d.decisionId() + " (tenant " + d.tenantId() + ", logged " + d.time()
                        + ", ruleset " + d.rulesetVersion() + ")");
        try {
            Path dir = Files.createDirectories(Path.of(outDir));
            Path file = dir.resolve(captured.fileName());
            for (int n = 2; Files.exists(file); n++) {
                file = dir.resolve(captured.fileName().replaceFirst("\\.yaml$", "-" + n + ".yaml"));
            }
            Files.writeString(file, captured.yaml());
            out.println("wrote " + file);
        } catch (IOException e) {
            err.println("cannot write the scenario: " + e.getMessage());
            return 1;
        }
        out.println("verdict " + report.verdict() + ", " + report.findings().size() + " finding(s), "
                + report.requests().size() + " request(s)");
        if (d.verdict() != null && !d.verdict().equals(report.verdict())) {
            out.println("note: logged with verdict " + d.verdict() + " by ruleset " + d.rulesetVersion()
                    + "; the rules in " + rulesDir + " answer " + report.verdict() + " (the scenario expects the latter)");
        }
        return 0;
    }
}

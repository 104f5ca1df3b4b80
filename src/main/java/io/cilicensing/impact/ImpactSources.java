package io.cilicensing.impact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.decisionlog.DecisionLogReader;
import io.cilicensing.decisionlog.LoggedDecision;
import io.cilicensing.report.ReportJson;
import io.cilicensing.scenarios.Scenario;
import io.cilicensing.scenarios.ScenarioLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The three inputs of impact analysis: the decision log, a directory of fact-set JSON files, the scenario files. */
public final class ImpactSources {
    private static final ObjectMapper JSON = ReportJson.mapper();

    private ImpactSources() {}

    /**
     * The logged decisions of each file and its rotated predecessors (oldest first), logged at or
     * after {@code since} (null: any time), the last {@code last} of them (null: all).
     */
    public static ImpactInput log(List<Path> files, Instant since, Integer last) {
        List<Path> all = new ArrayList<>();
        int rotated = 0;
        for (Path f : files) {
            List<Path> withRotated = DecisionLogReader.withRotated(f);
            rotated += Math.max(0, withRotated.size() - (Files.exists(f) ? 1 : 0));
            all.addAll(withRotated);
        }
        DecisionLogReader.Result read = DecisionLogReader.read(all, since, last, d -> true);
        List<ReplayCase> cases = new ArrayList<>(read.decisions().size());
        for (LoggedDecision d : read.decisions()) {
            cases.add(d.body() == null ? ReplayCase.notReplayable(d.decisionId(), d.tenantId(), d.problem())
                    : new ReplayCase(d.decisionId(), d.tenantId(), d.asOf(), d.body(), null));
        }
        StringBuilder description = new StringBuilder(String.join(", ", files.stream().map(Path::toString).toList()));
        if (rotated > 0) {
            description.append(" (+").append(rotated).append(" rotated)");
        }
        if (last != null) {
            description.append(", last ").append(last);
        }
        if (since != null) {
            description.append(", since ").append(since);
        }
        if (read.unreadableLines() > 0) {
            description.append(", ").append(read.unreadableLines()).append(" unreadable line(s) skipped");
        }
        return new ImpactInput(new ImpactReport.Source("log", description.toString()), cases);
    }

    /** Every {@code *.json} below {@code dir}, a fact set each, named by its relative path. */
    public static ImpactInput facts(Path dir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list fact sets in " + dir + ": " + e.getMessage(), e);
        }
        List<ReplayCase> cases = new ArrayList<>(files.size());
        for (Path f : files) {
            String name = dir.relativize(f).toString().replace('\\', '/');
            try {
                byte[] body = Files.readAllBytes(f);
                cases.add(new ReplayCase(name, tenantOf(body), null, body, null));
            } catch (IOException e) {
                cases.add(ReplayCase.notReplayable(name, null, "cannot read: " + e.getMessage()));
            }
        }
        return new ImpactInput(new ImpactReport.Source("facts", dir + " (" + files.size() + " fact sets)"), cases);
    }

    /** The requests of the scenario files below {@code dir} (those expecting a rejection are not replayable). */
    public static ImpactInput scenarios(Path dir) {
        List<Scenario> scenarios = new ScenarioLoader().loadAll(dir);
        List<ReplayCase> cases = new ArrayList<>(scenarios.size());
        for (Scenario s : scenarios) {
            String tenant = s.request() == null ? null : s.request().path("tenant").path("id").asText(null);
            if (s.problem() != null) {
                cases.add(ReplayCase.notReplayable(s.file(), tenant, s.problem()));
            } else if (s.expect().has("error")) {
                cases.add(ReplayCase.notReplayable(s.file(), tenant, "the scenario expects the request to be rejected"));
            } else {
                try {
                    cases.add(new ReplayCase(s.file(), tenant, null, JSON.writeValueAsBytes(s.request()), null));
                } catch (JsonProcessingException e) {
                    cases.add(ReplayCase.notReplayable(s.file(), tenant, e.getOriginalMessage()));
                }
            }
        }
        return new ImpactInput(new ImpactReport.Source("scenarios", dir + " (" + scenarios.size() + " scenarios)"),
                cases);
    }

    private static String tenantOf(byte[] body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n == null ? null : n.path("tenant").path("id").asText(null);
        } catch (IOException e) {
            return null;
        }
    }
}

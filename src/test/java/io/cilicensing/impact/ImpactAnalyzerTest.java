package io.cilicensing.impact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.impact.ImpactReport.Group;
import io.cilicensing.report.ReportJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Impact analysis on real rule changes to the project's rules. */
class ImpactAnalyzerTest {
    private static final ObjectMapper JSON = ReportJson.mapper();
    private static final RulesetCompiler COMPILER = new RulesetCompiler(Clock.systemUTC());
    private static final Replayer REPLAYER = new Replayer(100_000, 10_000);
    private static final ImpactAnalyzer ANALYZER = new ImpactAnalyzer(REPLAYER, Clock.systemUTC());
    private static final ImpactAnalyzer.Options ONE_THREAD =
            new ImpactAnalyzer.Options(1, null, ImpactAnalyzer.Progress.NONE, Thread::new);

    private static Ruleset baseline;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileTheRules() {
        baseline = io.cilicensing.CompiledRules.of(RealRules.RULES);
    }

    // Five kinds of tenant (all home geo US), counted so that each change touches a known number:
    // A: CI base, everything in the home geo, 2024-07-01           quota: changes   GEO-05 date: no
    // B: CI base, environment in EU and a DEPLOY to UK, 2024-07-01  quota: changes   GEO-05 date: changes
    // C: legacy Marketing only, environment in EU, 2024-07-01       quota: no        GEO-05 date: changes
    // D: CI base, environment in EU, 2024-05-01 (GEO-05 fires)      quota: changes   GEO-05 date: no
    // E: legacy Marketing only, home geo, 2024-09-01                quota: no        GEO-05 date: no
    private static final int A = 7;
    private static final int B = 5;
    private static final int C = 4;
    private static final int D = 3;
    private static final int E = 6;

    static ImpactInput mixed() {
        List<ReplayCase> cases = new ArrayList<>();
        int[][] counts = {{'A', A}, {'B', B}, {'C', C}, {'D', D}, {'E', E}};
        // interleaved, so no kind sits in one block
        for (int i = 0; i < 7; i++) {
            for (int[] k : counts) {
                if (i < k[1]) {
                    String kind = String.valueOf((char) k[0]);
                    cases.add(new ReplayCase("d-" + kind + "-" + i, kind + "-" + i, null,
                            RealRules.factSet(kind, i).getBytes(StandardCharsets.UTF_8), null));
                }
            }
        }
        return new ImpactInput(new ImpactReport.Source("facts", "test"), cases);
    }

    /** The decisions whose answers differ, computed without the analyzer: both answers as JSON, compared. */
    static Set<String> changedByDirectComparison(ImpactInput input, Ruleset a, Ruleset b) {
        Set<String> changed = new TreeSet<>();
        for (ReplayCase c : input.cases()) {
            Instant at = Instant.parse("2030-01-01T00:00:00Z");
            if (!answer(REPLAYER.decide(c.body(), at, a)).equals(answer(REPLAYER.decide(c.body(), at, b)))) {
                changed.add(c.decisionId());
            }
        }
        return changed;
    }

    private static JsonNode answer(Object report) {
        ObjectNode n = JSON.valueToTree(report);
        n.remove(List.of("decisionId", "ruleset", "firedRules", "grants"));
        for (JsonNode f : n.path("findings")) {
            ((ObjectNode) f).retain("code", "subject");
        }
        return n;
    }

    private static Group group(ImpactReport r, String aspect, String change) {
        return r.groups().stream().filter(g -> g.aspect().equals(aspect) && g.change().equals(change)).findFirst()
                .orElseThrow(() -> new AssertionError("no group " + aspect + " '" + change + "' in " + r.groups()));
    }

    @Test
    void raisingTheBaseInteractedPeopleQuotaChangesExactlyTheTenantsWithACiBaseThroughEnt01() {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "baseInteractedPeople", "12000L"));
        ImpactInput input = mixed();

        ImpactReport r = ANALYZER.analyze(baseline, "rules", candidate, input, ONE_THREAD);

        assertThat(r.outcome()).isEqualTo("CHANGED");
        assertThat(r.replayed()).isEqualTo(A + B + C + D + E);
        assertThat(r.changed()).isEqualTo(A + B + D);
        assertThat(changedByDirectComparison(input, baseline, candidate)).hasSize(A + B + D);
        Group people = group(r, "entitlement", "entitlements.interactedPeople increased");
        assertThat(people.count()).isEqualTo(A + B + D);
        assertThat(people.rules()).containsExactly("ENT-01");
        // ENT-01 reads the policy (the people quotas count once per tenant): the change says so
        assertThat(people.interpretations()).extracting(ImpactReport.Interpretation::ruleId).containsExactly("ENT-01");
        assertThat(people.interpretations().get(0).interpretation()).contains("once");
        assertThat(people.examples()).hasSize(5);
        assertThat(people.examples()).allSatisfy(e -> assertThat(e.tenantId()).matches("[ABD]-\\d"));
        assertThat(r.groups()).noneMatch(g -> g.aspect().equals("finding") && g.rules().contains("GEO-05"));
        assertThat(r.ruleFirings()).noneMatch(f -> f.id().equals("ENT-01")); // fires as often, grants more
    }

    @Test
    void movingGeo05sDateChangesExactlyTheTenantsAbroadBetweenTheTwoDatesThroughGeo05() {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "licensesVisibleInAllGeosFrom",
                "LocalDate.of(2024, 8, 1)"));
        ImpactInput input = mixed();

        ImpactReport r = ANALYZER.analyze(baseline, "rules", candidate, input, ONE_THREAD);

        assertThat(r.changed()).isEqualTo(B + C);
        assertThat(changedByDirectComparison(input, baseline, candidate)).hasSize(B + C);
        Group onEnvironments = group(r, "finding", "+ LICENSES_NOT_VISIBLE_IN_GEO on environments");
        assertThat(onEnvironments.count()).isEqualTo(B + C);
        assertThat(onEnvironments.rules()).containsExactly("GEO-05");
        // GEO-05 quotes its source: no interpretation is named
        assertThat(onEnvironments.interpretations()).isEmpty();
        Group onRequests = group(r, "finding", "+ LICENSES_NOT_VISIBLE_IN_GEO on requests");
        assertThat(onRequests.count()).isEqualTo(B);
        Group deploy = group(r, "request", "DEPLOY ALLOWED → NEEDS_ACTION");
        assertThat(deploy.count()).isEqualTo(B);
        assertThat(deploy.rules()).containsExactly("GEO-05");
        assertThat(deploy.examples()).extracting(ImpactReport.Example::tenantId)
                .containsExactly("B-0", "B-1", "B-2", "B-3", "B-4");
        List<Group> verdicts = r.groups().stream().filter(g -> g.aspect().equals("verdict")).toList();
        assertThat(verdicts).isNotEmpty().allSatisfy(g -> assertThat(g.rules()).containsExactly("GEO-05"));
        assertThat(verdicts.stream().mapToInt(Group::count).sum()).isLessThanOrEqualTo(B + C);
        assertThat(r.ruleFirings()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("GEO-05");
            assertThat(f.candidate() - f.baseline()).isEqualTo(B + C + B); // environments, and B's deploys
        });
    }

    @Test
    void aChangeThatChangesNoAnswerReportsZero() throws Exception {
        Path copy = RealRules.copy(dir);
        Files.writeString(copy.resolve("policy.drl"), Files.readString(copy.resolve("policy.drl"))
                + "\n// a comment: a new version, the same answers\n");
        Ruleset candidate = io.cilicensing.CompiledRules.of(copy);
        assertThat(candidate.version()).isNotEqualTo(baseline.version());

        ImpactReport r = ANALYZER.analyze(baseline, "rules", candidate, mixed(), ONE_THREAD);

        assertThat(r.outcome()).isEqualTo("NO_CHANGE");
        assertThat(r.replayed()).isEqualTo(A + B + C + D + E);
        assertThat(r.changed()).isZero();
        assertThat(r.groups()).isEmpty();
        assertThat(r.ruleFirings()).isEmpty();
    }

    @Test
    void aCandidateThatDoesNotCompileIsReportedWithFileAndLine() throws Exception {
        Path copy = RealRules.copy(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(copy.resolve("outbound.drl")));
        lines.add(5, "rule \"OUT-99 broken\" @id(\"OUT-99\") @source(\"x\") when Tenant( nosuchfield == 1 ) then end");
        Files.write(copy.resolve("outbound.drl"), lines);

        ImpactReport r = ANALYZER.analyze(baseline, "rules", COMPILER, RulesetCompiler.readDirectory(copy),
                copy.toString(), mixed(), ONE_THREAD);

        assertThat(r.outcome()).isEqualTo("COMPILE_FAILED");
        assertThat(r.candidate().version()).isNull();
        assertThat(r.replayed()).isZero();
        assertThat(r.errors()).isNotEmpty().allSatisfy(e -> {
            assertThat(e.file()).isEqualTo("outbound.drl");
            assertThat(e.line()).isEqualTo(6);
        });
    }

    /** {@code perKind} distinct fact sets of each kind (their tenant and usage differ), interleaved. */
    static ImpactInput distinct(int perKind) {
        List<ReplayCase> cases = new ArrayList<>();
        for (int i = 0; i < perKind; i++) {
            for (String kind : List.of("A", "B", "C", "D", "E")) {
                cases.add(new ReplayCase("d-" + kind + "-" + i, kind + "-" + i, null,
                        RealRules.factSet(kind, i).getBytes(StandardCharsets.UTF_8), null));
            }
        }
        return new ImpactInput(new ImpactReport.Source("facts", "test"), cases);
    }

    /** The replayer of these tests, counting the fact sets it reads and the decisions it makes. */
    private static Replayer counting(AtomicInteger read, AtomicInteger decided) {
        return new Replayer(100_000, 10_000) {
            @Override
            public Read read(byte[] body, Instant asOfWhenAbsent) {
                read.incrementAndGet();
                return super.read(body, asOfWhenAbsent);
            }

            @Override
            public io.cilicensing.report.DecisionReport decide(Read facts, Ruleset ruleset) {
                decided.incrementAndGet();
                return super.decide(facts, ruleset);
            }
        };
    }

    private static ImpactAnalyzer.Options threads(int n) {
        return new ImpactAnalyzer.Options(n, null, ImpactAnalyzer.Progress.NONE, Thread::new);
    }

    @Test
    void bothCoresGiveTheSameReportAsOneOnManyDistinctFactSets() {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "licensesVisibleInAllGeosFrom",
                "LocalDate.of(2024, 8, 1)"));
        ImpactInput input = distinct(60);
        assertThat(input.cases()).hasSizeGreaterThanOrEqualTo(ImpactAnalyzer.PARALLEL_FROM);
        assertThat(input.cases().stream().map(c -> new String(c.body(), StandardCharsets.UTF_8)).distinct())
                .hasSize(input.cases().size());

        ImpactReport one = ANALYZER.analyze(baseline, "rules", candidate, input, ONE_THREAD);
        ImpactReport two = ANALYZER.analyze(baseline, "rules", candidate, input, threads(2));
        ImpactReport four = ANALYZER.analyze(baseline, "rules", candidate, input, threads(4));

        assertThat(one.changed()).isEqualTo(changedByDirectComparison(input, baseline, candidate).size())
                .isEqualTo(2 * 60); // every B and C
        assertThat(withoutDuration(two)).isEqualTo(withoutDuration(one));
        assertThat(withoutDuration(four)).isEqualTo(withoutDuration(one));
        assertThat(group(two, "request", "DEPLOY ALLOWED → NEEDS_ACTION").examples())
                .extracting(ImpactReport.Example::decisionId)
                .containsExactly("d-B-0", "d-B-1", "d-B-2", "d-B-3", "d-B-4");
    }

    @Test
    void bothCoresGiveTheSameReportAsOneForTheQuotaChange() {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "baseInteractedPeople", "12000L"));
        ImpactInput input = distinct(60); // usage grows with i: some tenants cross the old or the new quota
        Set<String> direct = changedByDirectComparison(input, baseline, candidate);

        ImpactReport one = ANALYZER.analyze(baseline, "rules", candidate, input, ONE_THREAD);
        ImpactReport two = ANALYZER.analyze(baseline, "rules", candidate, input, threads(2));

        assertThat(one.changed()).isEqualTo(direct.size()).isEqualTo(3 * 60); // A, B and D
        assertThat(one.groups()).anySatisfy(g -> assertThat(g.change()).startsWith("- INTERACTED_PEOPLE_OVER_QUOTA"));
        assertThat(one.ruleFirings()).isNotEmpty();
        assertThat(withoutDuration(two)).isEqualTo(withoutDuration(one));
    }

    @Test
    void identicalFactSetsAreDecidedOnceAndCountedForEveryDecision() {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "licensesVisibleInAllGeosFrom",
                "LocalDate.of(2024, 8, 1)"));
        ImpactInput once = mixed();
        List<ReplayCase> thrice = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (ReplayCase c : once.cases()) {
                // a copy of the bytes, as a log's ref line or a second file would give
                thrice.add(new ReplayCase(c.decisionId() + "-" + round, c.tenantId(), null, c.body().clone(), null));
            }
        }
        AtomicInteger read = new AtomicInteger();
        AtomicInteger decided = new AtomicInteger();
        ImpactAnalyzer counting = new ImpactAnalyzer(counting(read, decided), Clock.systemUTC());

        ImpactReport single = counting.analyze(baseline, "rules", candidate, once, ONE_THREAD);
        read.set(0);
        decided.set(0);
        ImpactReport r = counting.analyze(baseline, "rules", candidate,
                new ImpactInput(once.source(), thrice), ONE_THREAD);

        assertThat(read.get()).isEqualTo(once.cases().size());
        assertThat(decided.get()).isEqualTo(2 * once.cases().size());
        assertThat(r.replayed()).isEqualTo(3 * single.replayed());
        assertThat(r.changed()).isEqualTo(3 * (B + C));
        assertThat(r.groups()).hasSameSizeAs(single.groups());
        for (int g = 0; g < r.groups().size(); g++) {
            assertThat(r.groups().get(g).change()).isEqualTo(single.groups().get(g).change());
            assertThat(r.groups().get(g).count()).isEqualTo(3 * single.groups().get(g).count());
        }
        assertThat(r.ruleFirings()).singleElement().satisfies(f -> {
            ImpactReport.RuleFiring s1 = single.ruleFirings().get(0);
            assertThat(f.baseline()).isEqualTo(3 * s1.baseline());
            assertThat(f.candidate()).isEqualTo(3 * s1.candidate());
        });
        // examples in input order: the first round's, as before
        assertThat(group(r, "request", "DEPLOY ALLOWED → NEEDS_ACTION").examples())
                .extracting(ImpactReport.Example::decisionId)
                .containsExactly("d-B-0-0", "d-B-1-0", "d-B-2-0", "d-B-3-0", "d-B-4-0");
    }

    @Test
    void theSameFactSetAtAnotherInstantIsDecidedAgain() {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "licensesVisibleInAllGeosFrom",
                "LocalDate.of(2024, 8, 1)"));
        byte[] withoutAsOf = RealRules.factSet("C", 0).replaceFirst("\"asOf\": \"[^\"]+\",", "")
                .getBytes(StandardCharsets.UTF_8);
        List<ReplayCase> cases = List.of(
                new ReplayCase("before", "C-0", Instant.parse("2024-07-01T09:00:00Z"), withoutAsOf, null),
                new ReplayCase("after", "C-0", Instant.parse("2024-09-01T09:00:00Z"), withoutAsOf, null));
        AtomicInteger read = new AtomicInteger();
        AtomicInteger decided = new AtomicInteger();
        ImpactAnalyzer counting = new ImpactAnalyzer(counting(read, decided), Clock.systemUTC());

        ImpactReport r = counting.analyze(baseline, "rules", candidate,
                new ImpactInput(new ImpactReport.Source("log", "test"), cases), ONE_THREAD);

        assertThat(read.get()).isEqualTo(2);
        assertThat(decided.get()).isEqualTo(4);
        assertThat(r.replayed()).isEqualTo(2);
        assertThat(r.changed()).isEqualTo(1); // between GEO-05's two dates only
        assertThat(r.groups()).allSatisfy(g -> assertThat(g.examples()).extracting(ImpactReport.Example::decisionId)
                .containsExactly("before"));
    }

    @Test
    void aTimeBudgetCutsTheReplayShortAndSaysSo() {
        ImpactReport r = ANALYZER.analyze(baseline, "rules", baseline, mixed(),
                new ImpactAnalyzer.Options(1, Duration.ZERO, ImpactAnalyzer.Progress.NONE, Thread::new));

        assertThat(r.cutShort()).isTrue();
        assertThat(r.replayed()).isLessThan(A + B + C + D + E);
        assertThat(r.cutShortReason()).startsWith("time budget of 0 s reached after " + r.replayed() + " of 25");
    }

    @Test
    void onDecisionThreadsAFactSetPastItsBudgetCountsAsTimedOutNamingTheRuleAndTheReplayGoesOn() throws Exception {
        java.util.SortedMap<String, String> files = RulesetCompiler.readDirectory(RealRules.RULES);
        files.put("spin.drl", """
                package licensing.rules;
                import io.cilicensing.facts.*;
                rule "ENT-97 spins for one tenant" @id("ENT-97") @source("test")
                when Tenant( id == "B-2" )
                then io.cilicensing.web.Spinner.spin("impact-analyzer");
                end
                """);
        Ruleset spinning = COMPILER.compile(files, "test");
        // a budget far above any of these decisions (the first of a new rule base included) on a busy machine
        io.cilicensing.engine.DecisionThreads threads = new io.cilicensing.engine.DecisionThreads(2,
                Duration.ofSeconds(5));
        io.cilicensing.web.Spinner.hold("impact-analyzer");
        try {
            ImpactReport r = ANALYZER.analyze(baseline, "rules", spinning, mixed(),
                    new ImpactAnalyzer.Options(1, null, ImpactAnalyzer.Progress.NONE, Thread::new, threads));

            assertThat(r.replayed()).isEqualTo(A + B + C + D + E);
            assertThat(r.timedOut()).isEqualTo(1);
            assertThat(r.cutShort()).isFalse();
            Group timeout = r.groups().stream().filter(g -> g.change().equals("decided → DECISION_TIMEOUT"))
                    .findFirst().orElseThrow();
            assertThat(timeout.aspect()).isEqualTo("error");
            assertThat(timeout.count()).isEqualTo(1);
            assertThat(timeout.rules()).containsExactly("ENT-97");
            assertThat(timeout.examples()).extracting(ImpactReport.Example::tenantId).containsExactly("B-2");
            assertThat(threads.stuck()).isEqualTo(1);
        } finally {
            io.cilicensing.web.Spinner.release("impact-analyzer");
            threads.close();
        }
    }

    @Test
    void theReportIsPlainJsonThatReadsBackEqual() throws Exception {
        Ruleset candidate = io.cilicensing.CompiledRules.of(RealRules.withFunction(dir, "baseInteractedPeople", "12000L"));
        ImpactReport r = ANALYZER.analyze(baseline, "rules", candidate, mixed(), ONE_THREAD);

        String json = JSON.writeValueAsString(r);

        assertThat(JSON.readValue(json, ImpactReport.class)).isEqualTo(r);
        JsonNode n = JSON.readTree(json);
        assertThat(n.fieldNames()).toIterable().containsExactly("outcome", "baseline", "candidate", "errors", "failure",
                "source", "replayed", "changed", "notReplayable", "timedOut", "cutShort", "cutShortReason", "durationMillis", "groups",
                "ruleFirings");
    }

    private static ImpactReport withoutDuration(ImpactReport r) {
        return new ImpactReport(r.outcome(), r.baseline(), r.candidate(), r.errors(), r.source(), r.replayed(),
                r.changed(), r.notReplayable(), r.cutShort(), r.cutShortReason(), 0, r.groups(), r.ruleFirings());
    }
}

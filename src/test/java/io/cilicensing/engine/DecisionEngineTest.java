package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cilicensing.facts.AsOf;
import io.cilicensing.facts.Channel;
import io.cilicensing.facts.Cloud;
import io.cilicensing.facts.FactSet;
import io.cilicensing.facts.License;
import io.cilicensing.facts.Sku;
import io.cilicensing.facts.Tenant;
import io.cilicensing.facts.UsageCounts;
import io.cilicensing.report.DecisionReport;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
    private static final String HEADER = """
            package t;
            import io.cilicensing.facts.*;
            import io.cilicensing.report.*;
            """;

    /** One finding per license. */
    private static final String LICENSE_SEEN = """
            rule "ENT-12 license seen"
                @id("ENT-12") @source("ADMIN > quota limits")
            when
                $l : License()
            then
                insert(Finding.of(kcontext, "SEEN", Severity.ACTION, $l.getSubject(), "seen"));
            end
            """;

    private final RulesetCompiler compiler = new RulesetCompiler(Clock.systemUTC());

    private Ruleset ruleset(String drl) {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("t.drl", HEADER + drl);
        return compiler.compile(files, "test");
    }

    private static FactSet tenantWith(License... licenses) {
        Tenant tenant = new Tenant("contoso", "US", Cloud.COMMERCIAL, false, false, null, null, false, null);
        return new FactSet(AsOf.of(Instant.parse("2024-07-01T09:00:00Z")), true, tenant, List.of(licenses), List.of(),
                List.of(), UsageCounts.NONE, null, List.of());
    }

    private static License license(String id, Sku sku) {
        return new License(id, sku, 1, Instant.parse("2024-01-01T00:00:00Z"), null, Channel.WEB_DIRECT, true, true,
                0, 0);
    }

    @Test
    void aSumThatWouldOverflowIsInvalidFactsNotAWrongAnswer() {
        Ruleset rs = ruleset("""
                rule "ENT-06 contacts grant people"
                    @id("ENT-06") @source("x")
                when
                    $l : License()
                    $e : Entitlements()
                then
                    modify($e) { addUp(java.util.List.of(Grant.of(kcontext, $l.getSubject(), Entitlement.INTERACTED_PEOPLE, $l.getIncludedContacts()))) }
                end
                """);
        License big1 = new License("L1", Sku.MARKETING_STANDALONE, 1, Instant.parse("2020-01-01T00:00:00Z"), null,
                Channel.WEB_DIRECT, true, true, Long.MAX_VALUE / 2 + 1, 0);
        License big2 = new License("L2", Sku.MARKETING_STANDALONE, 1, Instant.parse("2020-01-01T00:00:00Z"), null,
                Channel.WEB_DIRECT, true, true, Long.MAX_VALUE / 2 + 1, 0);

        assertThatThrownBy(() -> new DecisionEngine(100).decide(rs, tenantWith(big1, big2)))
                .isInstanceOfSatisfying(io.cilicensing.facts.BadFactsException.class, e -> {
                    assertThat(e.error()).isEqualTo("INVALID_FACTS");
                    assertThat(e.violations()).singleElement()
                            .satisfies(v -> assertThat(v.message()).contains("add up past"));
                });
        // each alone is counted exactly
        assertThat(new DecisionEngine(100).decide(rs, tenantWith(big1)).entitlements().getInteractedPeople())
                .isEqualTo(Long.MAX_VALUE / 2 + 1);
    }

    @Test
    void findingsCarryTheRuleIdSourceAndSubject() {
        Ruleset rs = ruleset(LICENSE_SEEN);
        DecisionReport report = new DecisionEngine(100).decide(rs, tenantWith(license("L1", Sku.CI_BASE)));

        assertThat(report.findings()).singleElement().satisfies(f -> {
            assertThat(f.getRuleId()).isEqualTo("ENT-12");
            assertThat(f.getSource()).isEqualTo("ADMIN > quota limits");
            assertThat(f.getSubject()).isEqualTo("licenses/L1");
        });
        assertThat(report.verdict()).isEqualTo("ACTION_REQUIRED");
        assertThat(report.firedRules()).extracting(DecisionReport.FiredRule::id).containsExactly("ENT-12");
    }

    @Test
    void grantsAddUpAndNameTheirRule() {
        Ruleset rs = ruleset("""
                rule "ENT-04 each license grants"
                    @id("ENT-04") @source("x")
                when
                    $l : License()
                    $e : Entitlements()
                then
                    modify($e) { addUp(java.util.List.of(Grant.of(kcontext, $l.getSubject(), Entitlement.INTERACTED_PEOPLE, 5))) }
                end
                """);
        DecisionReport report = new DecisionEngine(100)
                .decide(rs, tenantWith(license("L1", Sku.CI_BASE), license("L2", Sku.TRIAL)));

        assertThat(report.entitlements().getInteractedPeople()).isEqualTo(10);
        assertThat(report.grants()).extracting(g -> g.subject() + ":" + g.ruleId())
                .containsExactlyInAnyOrder("licenses/L1:ENT-04", "licenses/L2:ENT-04");
    }

    @Test
    void aLoopingRulesetStopsAtTheFiringLimitNamingTheRule() {
        Ruleset rs = ruleset("""
                declare Counter n : int end
                rule "ENT-01 start" @id("ENT-01") @source("x")
                when then insert(new Counter(0));
                end
                rule "ENT-02 loop" @id("ENT-02") @source("x")
                when $c : Counter( n >= 0 )
                then modify($c) { setN($c.getN() + 1) }
                end
                """);

        assertThatThrownBy(() -> new DecisionEngine(50).decide(rs, tenantWith()))
                .isInstanceOf(RulesDidNotSettleException.class)
                .satisfies(e -> assertThat(((RulesDidNotSettleException) e).rules()).first().asString()
                        .startsWith("ENT-02 loop"));
    }

    @Test
    void realRulesGrantTheBaseQuotasOnceForSeveralBaseLicenses() {
        Ruleset rs = io.cilicensing.CompiledRules.of(java.nio.file.Path.of("rules"));
        DecisionReport report = new DecisionEngine(10_000).decide(rs,
                tenantWith(license("L1", Sku.CI_BASE), license("L2", Sku.CI_BASE_ATTACH)));

        assertThat(report.entitlements().getInteractedPeople()).isEqualTo(10_000);
        assertThat(report.entitlements().getUnifiedPeople()).isEqualTo(100_000);
    }

    @Test
    void aLicenseEndedBeforeAsOfGrantsNothing() {
        Ruleset rs = io.cilicensing.CompiledRules.of(java.nio.file.Path.of("rules"));
        License ended = new License("L1", Sku.CI_BASE, 1, Instant.parse("2023-10-01T00:00:00Z"),
                LocalDate.parse("2024-06-30"), Channel.WEB_DIRECT, true, true, 0, 0);
        DecisionReport report = new DecisionEngine(10_000).decide(rs, tenantWith(ended));

        assertThat(report.entitlements().getInteractedPeople()).isZero();
        assertThat(report.firedRules()).extracting(DecisionReport.FiredRule::id).doesNotContain("ENT-01");
    }

    @Test
    void aReusedSessionStartsEmptyAndCountsOnlyItsOwnFirings() {
        Ruleset rs = ruleset(LICENSE_SEEN);
        DecisionEngine engine = new DecisionEngine(100);
        engine.decide(rs, tenantWith(license("L1", Sku.CI_BASE), license("L2", Sku.CI_BASE)));
        DecisionReport second = null;
        for (int i = 0; i < 50; i++) { // one thread: every decision takes the session the last one returned
            second = engine.decide(rs, tenantWith(license("L3", Sku.CI_BASE)));
        }

        assertThat(second.findings()).extracting(f -> f.getSubject()).containsExactly("licenses/L3");
        assertThat(second.firedRules()).singleElement().satisfies(f -> assertThat(f.count()).isEqualTo(1));
        try (var probe = new SessionProbe(rs)) {
            assertThat(probe.session.getAgendaEventListeners()).isEmpty();
            assertThat(probe.session.getFactCount()).isZero();
        }
    }

    @Test
    void aDecisionStoppedAtTheFiringLimitLeavesNothingForTheNext() {
        Ruleset rs = ruleset("""
                declare Counter n : int end
                rule "ENT-01 start" @id("ENT-01") @source("x")
                when License( id == "LOOP" ) then insert(new Counter(0));
                end
                rule "ENT-02 loop" @id("ENT-02") @source("x")
                when $c : Counter( n >= 0 )
                then modify($c) { setN($c.getN() + 1) }
                end
                """);
        DecisionEngine engine = new DecisionEngine(50);
        assertThatThrownBy(() -> engine.decide(rs, tenantWith(license("LOOP", Sku.CI_BASE))))
                .isInstanceOf(RulesDidNotSettleException.class);

        DecisionReport next = engine.decide(rs, tenantWith(license("L1", Sku.CI_BASE)));
        assertThat(next.firedRules()).isEmpty();
    }

    private static License[] licenses(int n) {
        License[] out = new License[n];
        for (int i = 0; i < n; i++) {
            out[i] = license("L" + i, Sku.TRIAL);
        }
        return out;
    }

    @Test
    void theFiringLimitGrowsWithTheFactsInserted() {
        Ruleset rs = ruleset(LICENSE_SEEN); // one firing per license
        // 300 licenses: 300 firings, past a base of 100 but within 100 + 1 × (300 licenses + 5 other facts: instant, tenant, usage, entitlements, totals)
        DecisionReport report = new DecisionEngine(100, 1).decide(rs, tenantWith(licenses(300)));

        assertThat(report.firedRules()).singleElement().satisfies(f -> assertThat(f.count()).isEqualTo(300));
        assertThat(new DecisionEngine(100, 1).firingLimit(305)).isEqualTo(405);
        assertThatThrownBy(() -> new DecisionEngine(100).decide(rs, tenantWith(licenses(300))))
                .isInstanceOf(RulesDidNotSettleException.class);
    }

    @Test
    void aLoopingRuleIsStoppedAtTheLimitForItsFactSetNamingTheRule() {
        Ruleset rs = ruleset("""
                declare Counter n : int end
                rule "ENT-01 start" @id("ENT-01") @source("x")
                when then insert(new Counter(0));
                end
                rule "ENT-02 loop" @id("ENT-02") @source("x")
                when $c : Counter( n >= 0 )
                then modify($c) { setN($c.getN() + 1) }
                end
                """);

        assertThatThrownBy(() -> new DecisionEngine(100, 2).decide(rs, tenantWith(licenses(1000))))
                .isInstanceOf(RulesDidNotSettleException.class)
                .hasMessageContaining("fired 2110 times") // 100 + 2 × (1000 licenses + 5 other facts)
                .satisfies(e -> assertThat(((RulesDidNotSettleException) e).rules()).first().asString()
                        .startsWith("ENT-02 loop"));
    }

    @Test
    void aHaltedDecisionFiresNoRuleAndLeavesNothingForTheNext() {
        Ruleset rs = ruleset(LICENSE_SEEN);
        DecisionEngine engine = new DecisionEngine(100);
        HaltSignal halt = new HaltSignal();
        halt.halt();

        assertThatThrownBy(() -> engine.decide(rs, tenantWith(license("L1", Sku.CI_BASE)), halt))
                .isInstanceOf(DecisionHaltedException.class);
        DecisionReport next = engine.decide(rs, tenantWith(license("L2", Sku.CI_BASE)));
        assertThat(next.findings()).extracting(f -> f.getSubject()).containsExactly("licenses/L2");
    }

    @Test
    void aDecisionHaltedWhileFiringStopsBetweenFirings() throws Exception {
        // loops without end; HaltProbe lets the test halt it once it is firing
        Ruleset rs = ruleset("""
                declare Counter n : int end
                rule "ENT-01 start" @id("ENT-01") @source("x")
                when then insert(new Counter(0));
                end
                rule "ENT-02 loop" @id("ENT-02") @source("x")
                when $c : Counter( n >= 0 )
                then io.cilicensing.engine.HaltProbe.fired(); modify($c) { setN($c.getN() + 1) }
                end
                """);
        HaltSignal halt = new HaltSignal();
        HaltProbe.haltAfter(1000, halt);

        assertThatThrownBy(() -> new DecisionEngine(Integer.MAX_VALUE - 1).decide(rs, tenantWith(), halt))
                .isInstanceOf(DecisionHaltedException.class);
        assertThat(HaltProbe.firings()).isEqualTo(1000);
    }

    /** Borrows a session from the ruleset's pool, as a decision does, and gives it back. */
    private static final class SessionProbe implements AutoCloseable {
        final org.kie.api.runtime.KieSession session;

        SessionProbe(Ruleset rs) {
            session = rs.newSession();
        }

        @Override
        public void close() {
            session.dispose();
        }
    }
}

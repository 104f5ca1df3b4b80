package io.cilicensing.engine;

import io.cilicensing.facts.BadFactsException;
import io.cilicensing.facts.FactSet;
import io.cilicensing.facts.ReportedUsage;
import io.cilicensing.facts.Request;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.DecisionReport.RequestOutcome;
import io.cilicensing.report.Deadline;
import io.cilicensing.report.Entitlements;
import io.cilicensing.report.Finding;
import io.cilicensing.report.UsageTotals;
import io.cilicensing.report.Verdicts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.ClassObjectFilter;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.ConsequenceException;

/**
 * Decides one fact set with one ruleset: a session of its own per decision (taken from the
 * ruleset's pool, emptied when returned), the facts and the
 * evaluation instant inserted, the rules fired up to the firing limit, the report read back
 * from working memory. Holds no policy.
 *
 * <p>The firing limit grows with the fact set: {@code baseLimit + firingsPerFact × facts}, where
 * facts are the objects inserted into working memory (the tenant, the instant, each license,
 * add-on, environment, request, usage record, the interaction log as one, the two totals).
 * Rules that fire a bounded number of times per fact (the catalogue's rules do: fewer than 4
 * firings per inserted fact in every scenario's fact set repeated 200 times) settle whatever the
 * size of the fact set; a rule that loops fires without bound and is stopped at the limit.
 */
public final class DecisionEngine {
    private static final Comparator<Finding> FINDING_ORDER = Comparator
            .comparing(Finding::getSeverity).reversed()
            .thenComparing(Finding::getRuleId)
            .thenComparing(Finding::getSubject)
            .thenComparing(Finding::getCode);

    private final int baseLimit;
    private final int firingsPerFact;

    /** A fixed firing limit, whatever the size of the fact set. */
    public DecisionEngine(int firingLimit) {
        this(firingLimit, 0);
    }

    /** A firing limit of {@code baseLimit + firingsPerFact × facts inserted}. */
    public DecisionEngine(int baseLimit, int firingsPerFact) {
        if (baseLimit < 1) {
            throw new IllegalArgumentException("firing limit must be >= 1, got " + baseLimit);
        }
        if (firingsPerFact < 0) {
            throw new IllegalArgumentException("firings per fact must be >= 0, got " + firingsPerFact);
        }
        this.baseLimit = baseLimit;
        this.firingsPerFact = firingsPerFact;
    }

    /** The firing limit of a decision that inserted {@code facts} facts. */
    public int firingLimit(long facts) {
        return (int) Math.min(Integer.MAX_VALUE - 1, baseLimit + firingsPerFact * facts);
    }

    public DecisionReport decide(Ruleset ruleset, FactSet facts) {
        return decide(ruleset, facts, HaltSignal.NEVER);
    }

    /**
     * Decides, firing no rule once {@code halt} is halted ({@link DecisionHaltedException}
     * then). A consequence already running is not interrupted.
     */
    public DecisionReport decide(Ruleset ruleset, FactSet facts, HaltSignal halt) {
        KieSession session = ruleset.newSession();
        FiredRules fired = new FiredRules(halt);
        session.addEventListener(fired);
        try {
            Entitlements entitlements = new Entitlements();
            UsageTotals usage = new UsageTotals();
            long inserted = insertFacts(session, facts, entitlements, usage);
            int limit = firingLimit(inserted);
            try {
                int count = session.fireAllRules(halt, limit);
                if (halt.halted()) {
                    throw new DecisionHaltedException();
                }
                if (count >= limit && session.fireAllRules(halt, 1) > 0) {
                    throw new RulesDidNotSettleException(limit, inserted, fired.mostFired(5));
                }
            } catch (ConsequenceException e) {
                if (e.getCause() instanceof ArithmeticException) {
                    // an exact sum overflowed: the fact set's numbers, not the rule, are at fault
                    throw BadFactsException.numbersTooLarge(e.getMatch().getRule().getName());
                }
                throw new RuleFailedException(e.getMatch().getRule().getName(), e);
            }
            if (halt.halted()) {
                throw new DecisionHaltedException();
            }
            return report(ruleset, facts, session, fired, entitlements, usage);
        } finally {
            // back to the ruleset's pool; its reset empties working memory and agenda and drops listeners
            session.dispose();
        }
    }

    /** Inserts the fact set; answers how many facts it inserted. */
    private static long insertFacts(KieSession s, FactSet facts, Entitlements entitlements, UsageTotals usage) {
        long before = s.getFactCount();
        s.insert(facts.asOf());
        s.insert(facts.tenant());
        facts.licenses().forEach(s::insert);
        facts.addOns().forEach(s::insert);
        facts.environments().forEach(s::insert);
        s.insert(new ReportedUsage("tenant", facts.usage()));
        facts.environments().stream().filter(e -> e.usage() != null)
                .forEach(e -> s.insert(new ReportedUsage(e.subject(), e.usage())));
        if (facts.interactions() != null) {
            s.insert(facts.interactions());
        }
        facts.requests().forEach(s::insert);
        s.insert(entitlements);
        s.insert(usage);
        return s.getFactCount() - before;
    }

    private static DecisionReport report(Ruleset ruleset, FactSet facts, KieSession session, FiredRules fired,
                                         Entitlements entitlements, UsageTotals usage) {
        List<Finding> findings = new ArrayList<>();
        for (Object o : session.getObjects(new ClassObjectFilter(Finding.class))) {
            findings.add((Finding) o);
        }
        findings.sort(FINDING_ORDER);
        List<Deadline> deadlines = new ArrayList<>();
        for (Object o : session.getObjects(new ClassObjectFilter(Deadline.class))) {
            deadlines.add((Deadline) o);
        }
        deadlines.sort(Comparator.comparing(Deadline::date).thenComparing(Deadline::code));

        List<Finding> onTenant = new ArrayList<>();
        Map<String, List<Finding>> byRequest = new LinkedHashMap<>();
        for (Request r : facts.requests()) {
            byRequest.put(r.subject(), new ArrayList<>());
        }
        for (Finding f : findings) {
            if (f.isOnRequest()) {
                byRequest.computeIfAbsent(f.getSubject(), k -> new ArrayList<>()).add(f);
            } else {
                onTenant.add(f);
            }
        }
        List<RequestOutcome> outcomes = new ArrayList<>(facts.requests().size());
        for (Request r : facts.requests()) {
            outcomes.add(new RequestOutcome(r.id(), r.type().name(), Verdicts.outcome(byRequest.get(r.subject()))));
        }
        return new DecisionReport(DecisionIds.next(), facts.tenant().id(), facts.asOf().instant(),
                new DecisionReport.RulesetRef(ruleset.version(), ruleset.loadedAt()), Verdicts.verdict(onTenant),
                entitlements, usage, findings, deadlines, outcomes, fired.list(), entitlements.getGrants());
    }
}

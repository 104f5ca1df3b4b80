package io.cilicensing.impact;

import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.DecisionThreadsExhaustedException;
import io.cilicensing.engine.DecisionTimeoutException;
import io.cilicensing.engine.RuleFailedException;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesDidNotSettleException;
import io.cilicensing.facts.BadFactsException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One fact set decided with a previous and a current ruleset and compared as impact analysis
 * compares them ({@link Comparison}: verdict, request outcomes, findings, entitlements,
 * deadlines), for the re-decision of a tenant after a ruleset change. Each decision runs on the
 * decision threads within their budget, as a live decision: a rule that loops for one fact set
 * costs that fact set (its error), and the thread is counted as stuck there.
 */
public final class Redecision {
    /**
     * What became of one fact set: {@code error} set (the code, as HTTP would answer it) when the
     * current ruleset cannot decide it; otherwise the changes (empty: the decision is unchanged)
     * and the ids of the rules through which it changes.
     */
    public record Result(String error, boolean changed, Set<String> rules) {}

    private final Replayer replayer;
    private final DecisionThreads threads;

    public Redecision(Replayer replayer, DecisionThreads threads) {
        this.replayer = replayer;
        this.threads = threads;
    }

    /**
     * Decides {@code body} (at {@code at} when it has no {@code asOf}) with {@code current} and each of
     * {@code previous} in turn (the versions a tenant's last decision may have been made with): changed
     * when the current decision differs from any of theirs, through the rules of the first that differs.
     * Throws {@link DecisionThreadsExhaustedException} when every decision thread is stuck: not the
     * fact set's fault.
     */
    public Result compare(byte[] body, Instant at, List<Ruleset> previous, Ruleset current) {
        Replayer.Read facts;
        try {
            facts = replayer.read(body, at);
        } catch (BadFactsException e) {
            return new Result(e.error(), false, Set.of());
        } catch (RuntimeException e) {
            return new Result("MALFORMED_JSON", false, Set.of());
        }
        Outcome now = decide(facts, current);
        if (now.error() != null) {
            return new Result(now.error(), false, now.errorRules());
        }
        for (Ruleset p : previous) {
            Outcome before = decide(replayer.read(body, at), p);
            List<Comparison.Change> changes = Comparison.compare(before, now);
            if (!changes.isEmpty()) {
                Set<String> rules = new TreeSet<>();
                changes.forEach(c -> rules.addAll(c.rules()));
                return new Result(null, true, rules);
            }
        }
        return new Result(null, false, Set.of());
    }

    private Outcome decide(Replayer.Read facts, Ruleset ruleset) {
        try {
            return Outcome.of(threads.run(ruleset, halt -> replayer.decide(facts, ruleset, halt)));
        } catch (BadFactsException e) {
            return Outcome.failed(e.error());
        } catch (RulesDidNotSettleException e) {
            return Outcome.failed(RulesDidNotSettleException.CODE);
        } catch (RuleFailedException e) {
            return Outcome.failed(RuleFailedException.CODE);
        } catch (DecisionTimeoutException e) {
            return Outcome.failed(DecisionTimeoutException.CODE);
        } catch (DecisionThreadsExhaustedException e) {
            throw e;
        } catch (RuntimeException e) {
            return Outcome.failed("INTERNAL_ERROR");
        }
    }
}

package io.cilicensing.impact;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.HaltSignal;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.FactSet;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.facts.Subscription;
import io.cilicensing.report.DecisionReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Decides a fact set again through {@link DecisionService} (the path of {@code POST
 * /v1/decisions}), at a given instant when the body has no {@code asOf}: a decision depends only
 * on its facts, so the same body at the same instant gets the same answer from the same rules.
 *
 * <p>Impact analysis decides each fact set with two rulesets; {@link #read} reads it once and
 * {@link #decide(Read, Ruleset)} decides it as read, however often: the rules change a fact set
 * only through the classification flags of its licenses and add-ons ({@link Subscription}:
 * active, held, ended, boughtBeforeCombinedOffer; every other fact is immutable), and each
 * decision starts with those flags put back to what reading gave them. {@code ReplayerTest}
 * fails when a fact class gains other mutable state.
 */
public class Replayer {
    private final FactSetReader reader;
    private final DecisionEngine engine;

    /** A fixed firing limit, whatever the size of the fact set. */
    public Replayer(int maxInteractions, int firingLimit) {
        this(maxInteractions, firingLimit, 0);
    }

    /**
     * The firing limit of the service ({@code rules.firing-limit + rules.firings-per-fact × facts}),
     * so that a fact set the service decided is decided again, however large.
     */
    public Replayer(int maxInteractions, int firingLimit, int firingsPerFact) {
        this.reader = new FactSetReader(maxInteractions);
        this.engine = new DecisionEngine(firingLimit, firingsPerFact);
    }

    public DecisionReport decide(byte[] body, Instant asOfWhenAbsent, Ruleset ruleset) {
        return new DecisionService(reader, engine, Clock.fixed(asOfWhenAbsent, ZoneOffset.UTC)).decide(body, ruleset);
    }

    /**
     * Reads and validates a fact set as {@link DecisionService} does (instant {@code asOfWhenAbsent}
     * when the body has none); throws what it throws ({@code BadFactsException}).
     */
    public Read read(byte[] body, Instant asOfWhenAbsent) {
        return new Read(reader.read(body, asOfWhenAbsent));
    }

    /** Decides a fact set read by {@link #read}, from its flags as read. */
    public DecisionReport decide(Read facts, Ruleset ruleset) {
        return decide(facts, ruleset, HaltSignal.NEVER);
    }

    /** As {@link #decide(Read, Ruleset)}, firing no rule once {@code halt} is halted. */
    public DecisionReport decide(Read facts, Ruleset ruleset, HaltSignal halt) {
        facts.restore();
        return engine.decide(ruleset, facts.facts, halt);
    }

    /** A fact set as read; before each decision its subscriptions' classification is cleared, as read. */
    public static final class Read {
        private final FactSet facts;

        Read(FactSet facts) {
            this.facts = facts;
        }

        void restore() {
            facts.licenses().forEach(Subscription::clearClassification);
            facts.addOns().forEach(Subscription::clearClassification);
        }
    }
}

package io.cilicensing.impact;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.DecisionReport;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Decides a fact set again through {@link DecisionService} (the path of {@code POST
 * /v1/decisions}), at a given instant when the body has no {@code asOf}: a decision depends only
 * on its facts, so the same body at the same instant gets the same answer from the same rules.
 */
public final class Replayer {
    private final FactSetReader reader;
    private final DecisionEngine engine;

    public Replayer(int maxInteractions, int firingLimit) {
        this.reader = new FactSetReader(maxInteractions);
        this.engine = new DecisionEngine(firingLimit);
    }

    public DecisionReport decide(byte[] body, Instant asOfWhenAbsent, Ruleset ruleset) {
        return new DecisionService(reader, engine, Clock.fixed(asOfWhenAbsent, ZoneOffset.UTC)).decide(body, ruleset);
    }
}

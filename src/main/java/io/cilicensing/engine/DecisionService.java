package io.cilicensing.engine;

import io.cilicensing.facts.FactSet;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.DecisionReport;
import java.time.Clock;

/**
 * The one path from a request body to a decision report, shared by the HTTP endpoint, the
 * scenario suite and the command line: read and validate the body, decide it with a ruleset.
 */
public final class DecisionService {
    private final FactSetReader reader;
    private final DecisionEngine engine;
    private final Clock clock;

    public DecisionService(FactSetReader reader, DecisionEngine engine, Clock clock) {
        this.reader = reader;
        this.engine = engine;
        this.clock = clock;
    }

    /** Decides with the given ruleset (the one the caller took, so the answer names it). */
    public DecisionReport decide(byte[] body, Ruleset ruleset) {
        FactSet facts = reader.read(body, clock.instant());
        return engine.decide(ruleset, facts);
    }
}

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
        return decide(body, ruleset, HaltSignal.NEVER);
    }

    /**
     * Decides, giving up (with {@link DecisionHaltedException}) once {@code halt} is halted: after
     * reading the body, and before every rule firing.
     */
    public DecisionReport decide(byte[] body, Ruleset ruleset, HaltSignal halt) {
        FactSet facts = reader.read(body, clock.instant());
        if (halt.halted()) {
            throw new DecisionHaltedException();
        }
        return engine.decide(ruleset, facts, halt);
    }
}

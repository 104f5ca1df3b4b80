package io.cilicensing.engine;

import org.kie.api.runtime.rule.AgendaFilter;
import org.kie.api.runtime.rule.Match;

/**
 * Lets another thread stop a decision: after {@link #halt()} the decision fires no further rule
 * and ends with {@link DecisionHaltedException}. It is checked before every firing (an agenda
 * filter), so like {@code KieSession.halt()} it acts between firings only: a consequence that
 * never returns (a Java loop in a rule) is not stopped, and its thread stays busy.
 *
 * <p>It is a flag rather than a call to {@code KieSession.halt()} from the other thread because
 * sessions are pooled: the session of a decision that just ended may already serve the next
 * one, which a late {@code halt()} would stop instead. The flag belongs to one decision.
 */
public final class HaltSignal implements AgendaFilter {
    /** A signal nobody halts: the command line, the scenario gate. */
    public static final HaltSignal NEVER = new HaltSignal();

    private volatile boolean halted;
    /** The rule whose consequence runs now, or null (between firings, or evaluating conditions). */
    private volatile String firing;

    public void halt() {
        if (this == NEVER) {
            throw new IllegalStateException("HaltSignal.NEVER cannot be halted");
        }
        halted = true;
    }

    public boolean halted() {
        return halted;
    }

    /** Told by the decision before and after each firing (not for {@link #NEVER}, which is shared). */
    void firing(String rule) {
        firing = rule;
    }

    /** The rule whose consequence runs now, or null. */
    public String firing() {
        return firing;
    }

    /** Drools asks before each firing: fire only while not halted. */
    @Override
    public boolean accept(Match match) {
        return !halted;
    }
}

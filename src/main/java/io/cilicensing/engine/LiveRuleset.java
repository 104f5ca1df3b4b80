package io.cilicensing.engine;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ruleset decisions are made with, read from {@link #dir()}. It is swapped as a whole: a
 * decision takes the current ruleset once and finishes on it, whatever happens meanwhile; a
 * replaced ruleset is garbage once its last decision is done.
 */
public final class LiveRuleset {
    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final Path dir;

    public LiveRuleset(Path dir) {
        this.dir = dir;
    }

    /** The current ruleset, or null while none is live. */
    public Ruleset get() {
        return current.get();
    }

    /** The current ruleset; {@link NoRulesetException} (503 NO_RULESET) while none is live. */
    public Ruleset require() {
        Ruleset ruleset = current.get();
        if (ruleset == null) {
            throw new NoRulesetException("no ruleset is loaded");
        }
        return ruleset;
    }

    public void set(Ruleset ruleset) {
        current.set(ruleset);
    }

    public Path dir() {
        return dir;
    }
}

package io.cilicensing.engine;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The ruleset decisions are made with, read from {@link #dir()}. It is swapped as a whole: a
 * decision takes the current ruleset once and finishes on it, whatever happens meanwhile; a
 * replaced ruleset is garbage once its last decision is done.
 */
public final class LiveRuleset implements Supplier<Ruleset> {
    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final Path dir;

    public LiveRuleset(Path dir) {
        this.dir = dir;
    }

    @Override
    public Ruleset get() {
        return current.get();
    }

    public void set(Ruleset ruleset) {
        current.set(ruleset);
    }

    public Path dir() {
        return dir;
    }
}

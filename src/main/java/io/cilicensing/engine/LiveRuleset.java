package io.cilicensing.engine;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ruleset decisions are made with. It is swapped as a whole: a decision takes the current
 * ruleset once and finishes on it, whatever happens meanwhile.
 */
public final class LiveRuleset implements Supplier<Ruleset> {
    private static final Logger log = LoggerFactory.getLogger(LiveRuleset.class);

    private final AtomicReference<Ruleset> current = new AtomicReference<>();
    private final RulesetCompiler compiler;
    private final Path dir;

    public LiveRuleset(RulesetCompiler compiler, Path dir) {
        this.compiler = compiler;
        this.dir = dir;
    }

    /** Compiles the rules directory and makes it live; throws {@link RulesetCompilationException} on errors. */
    public Ruleset load() {
        long start = System.nanoTime();
        Ruleset ruleset = compiler.compile(dir);
        current.set(ruleset);
        log.info("ruleset {} live: {} rules from {} files in {} ({} ms)", ruleset.version().substring(0, 12),
                ruleset.rules().size(), ruleset.files().size(), dir.toAbsolutePath().normalize(),
                (System.nanoTime() - start) / 1_000_000);
        return ruleset;
    }

    @Override
    public Ruleset get() {
        return current.get();
    }

    public Path dir() {
        return dir;
    }
}

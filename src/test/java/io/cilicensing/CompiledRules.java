package io.cilicensing;

import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rule directories compiled once per test JVM for the same rule files: the shipped {@code rules/}
 * and the few edited copies the impact tests compare with it were compiled a dozen times in a
 * run, about five CPU-seconds each. Keyed by the ruleset version (a hash of every file's path and
 * contents), so a directory whose files differ in anything is compiled of its own. A compiled
 * ruleset is immutable and thread-safe (every decision takes a session of its own from its pool),
 * as the service shares it between its decision threads. Tests of compiling itself compile for
 * themselves.
 */
public final class CompiledRules {
    private static final RulesetCompiler COMPILER = new RulesetCompiler(Clock.systemUTC());
    private static final Map<String, Ruleset> BY_VERSION = new ConcurrentHashMap<>();

    private CompiledRules() {}

    /** The rules of {@code dir}, compiled (the first time these files are asked for) or as compiled before. */
    public static Ruleset of(Path dir) {
        SortedMap<String, String> files = RulesetCompiler.readDirectory(dir);
        return BY_VERSION.computeIfAbsent(RulesetCompiler.version(files), v -> COMPILER.compile(files, dir.toString()));
    }
}

package io.cilicensing.bench;

import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import java.nio.file.Path;
import java.time.Clock;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Compiling the whole ruleset under rules/ into a KieBase, warm (after JIT warm-up). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CompileBenchmark {
    private SortedMap<String, String> files;
    private RulesetCompiler compiler;

    @Setup
    public void setUp() {
        files = RulesetCompiler.readDirectory(Path.of("rules"));
        compiler = new RulesetCompiler(Clock.systemUTC());
    }

    @Benchmark
    public Ruleset compileRuleset() {
        return compiler.compile(files, "bench");
    }
}

package io.cilicensing.bench;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSet;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.DecisionReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One decision, in process, on one thread, for each reference fact set under bench/:
 * {@code decide} is the whole path of POST /v1/decisions without HTTP (read and validate the
 * body, decide with the shared KieBase); {@code read} is the reading and validating alone;
 * {@code decideWithoutRules} is the same path with a ruleset that has no rules (the in-process
 * floor: reading, an empty session, the report); {@code decideOnADecisionThread} is {@code decide}
 * handed to a decision thread within the time budget, as the endpoints do (the difference is the
 * cost of the hand-off). Sample time: JMH prints percentiles, the
 * README quotes p0.50. Run from the project root: {@code mvn -Pbench verify}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class DecisionBenchmark {
    @Param({"small", "typical", "interactions-1k", "interactions-10k", "large"})
    public String factSet;

    private byte[] body;
    private Ruleset ruleset;
    private Ruleset noRules;
    private DecisionService service;
    private FactSetReader reader;
    private DecisionThreads threads;

    @Setup
    public void setUp() throws IOException {
        body = Files.readAllBytes(Path.of("bench", factSet + ".json"));
        ruleset = new RulesetCompiler(Clock.systemUTC()).compile(Path.of("rules"));
        noRules = new RulesetCompiler(Clock.systemUTC()).compile(new java.util.TreeMap<>(), "no rules");
        reader = new FactSetReader(100_000);
        service = new DecisionService(reader, new DecisionEngine(10_000), Clock.systemUTC());
        threads = new DecisionThreads(8, Duration.ofSeconds(30));
    }

    @TearDown
    public void tearDown() {
        threads.close();
    }

    @Benchmark
    public DecisionReport decide() {
        return service.decide(body, ruleset);
    }

    @Benchmark
    public DecisionReport decideOnADecisionThread() {
        return threads.run(halt -> service.decide(body, ruleset, halt));
    }

    @Benchmark
    public DecisionReport decideWithoutRules() {
        return service.decide(body, noRules);
    }

    @Benchmark
    public FactSet read() {
        return reader.read(body, Instant.EPOCH);
    }
}

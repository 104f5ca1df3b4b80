package io.cilicensing.bench;

import io.cilicensing.engine.DecisionEngine;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.facts.FactSet;
import io.cilicensing.facts.FactSetReader;
import io.cilicensing.report.DecisionReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

/**
 * Heap a decision of a fact set holds: the live heap after a full GC while the parsed fact set and
 * its report are still referenced, minus the live heap before reading it (the request body's bytes
 * are counted separately). Allocation per decision comes from JMH's {@code -prof gc}.
 * Run: {@code mvn -Pbench verify -Dbench.main=io.cilicensing.bench.LargeFactSetHeap -Dbench.args=large}
 */
public final class LargeFactSetHeap {
    private LargeFactSetHeap() {}

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "large";
        byte[] body = Files.readAllBytes(Path.of("bench", name + ".json"));
        Ruleset ruleset = new RulesetCompiler(Clock.systemUTC()).compile(Path.of("rules"));
        FactSetReader reader = new FactSetReader(100_000);
        DecisionService service = new DecisionService(reader, new DecisionEngine(10_000),
                Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            service.decide(body, ruleset); // load every class the path needs before the baseline
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = liveHeap(memory);
        FactSet facts = reader.read(body, Instant.now());
        long afterRead = liveHeap(memory);
        DecisionReport report = service.decide(body, ruleset);
        long afterDecision = liveHeap(memory);
        System.out.printf("%s.json: body %,d bytes; %s interaction records%n", name, body.length,
                facts.interactions() == null ? "no" : String.format("%,d", facts.interactions().size()));
        System.out.printf("parsed fact set holds %,d bytes of heap; with one decision's report too %,d bytes%n",
                afterRead - before, afterDecision - before);
        System.out.println("(verdict " + report.verdict() + ", " + facts.licenses().size() + " licenses)");
    }

    private static long liveHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

import io.cilicensing.engine.*;
import io.cilicensing.facts.*;
import java.lang.management.*;
import java.nio.file.*;
import java.time.*;
import java.util.*;

/**
 * CPU time of one thread per decision and per read, after warm-up: a comparison that a loaded
 * machine disturbs far less than wall time. Uses only APIs that this tree and 9956946 share, so
 * bench/cpu-ab.sh compiles it against an older commit too.
 *   java CpuTimePerDecision RULES_DIR ROUNDS FACTS.json...
 * Each round: 1,000 decisions, then 5,000 reads; prints the median of the second half of the rounds.
 */
public class CpuTimePerDecision {
    public static void main(String[] a) throws Exception {
        Path rules = Path.of(a[0]);
        int rounds = Integer.parseInt(a[1]);
        Ruleset rs = new RulesetCompiler(Clock.systemUTC()).compile(rules);
        FactSetReader reader = new FactSetReader(100_000);
        DecisionService service = new DecisionService(reader, new DecisionEngine(10_000), Clock.systemUTC());
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int k = 2; k < a.length; k++) {
            byte[] body = Files.readAllBytes(Path.of(a[k]));
            double[] d = new double[rounds], r = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int j = 0; j < 1000; j++) service.decide(body, rs);
                d[i] = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / 1000;
                t0 = mx.getCurrentThreadCpuTime();
                for (int j = 0; j < 5000; j++) reader.read(body, Instant.EPOCH);
                r[i] = (mx.getCurrentThreadCpuTime() - t0) / 1000.0 / 5000;
            }
            double[] dl = Arrays.copyOfRange(d, rounds / 2, rounds), rl = Arrays.copyOfRange(r, rounds / 2, rounds);
            Arrays.sort(dl); Arrays.sort(rl);
            System.out.printf("%s %s: decide %.1f us CPU (min %.1f), read %.2f us CPU (min %.2f)%n", a[0], a[k],
                    dl[dl.length / 2], dl[0], rl[rl.length / 2], rl[0]);
        }
    }
}

package io.cilicensing.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cilicensing.Sha256;
import io.cilicensing.TestRules;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesetCompiler;
import io.cilicensing.reload.GateJob;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service's side of the worker process, against a real child JVM started from the test class path. */
class CandidateWorkerTest {
    @TempDir
    Path dir;

    private final CandidateWorker worker = new CandidateWorker(new WorkerSettings("128m", Duration.ofSeconds(20),
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), true, Duration.ofSeconds(60)));

    @AfterEach
    void stop() {
        worker.close();
    }

    private JsonNode gateInput(int people) {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("grants.drl", TestRules.grantRule(people));
        return GateJob.input(new GateJob.Input(files, "test", dir.resolve("none").toString(), false, 100, 10, false));
    }

    @Test
    void runsAGateJobAndAnswersItsResult() {
        Jobs.Outcome outcome = worker.run(GateJob.TYPE, gateInput(10_000));

        assertThat(outcome).isInstanceOf(Jobs.Done.class);
        JsonNode result = ((Jobs.Done) outcome).result();
        assertThat(result.path("outcome").asText()).isEqualTo("PASSED");
        assertThat(result.path("version").asText()).hasSize(64);
    }

    @Test
    void aPassingGateSendsTheCompiledRulesWhichLoadHereAsTheSameRules() throws Exception {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("grants.drl", TestRules.grantRule(10_000));
        JsonNode input = GateJob.input(new GateJob.Input(files, "test", dir.resolve("none").toString(), true, 100, 10,
                true));

        Jobs.Outcome outcome = worker.run(GateJob.TYPE, input);

        assertThat(outcome).isInstanceOf(Jobs.Done.class);
        GateJob.Result result = GateJob.result(((Jobs.Done) outcome).result());
        assertThat(result.outcome()).isEqualTo("PASSED");
        byte[] compiled = result.compiledBytes();
        assertThat(compiled).isNotEmpty();
        assertThat(Sha256.hex(compiled)).isEqualTo(result.compiledSha256());
        Ruleset loaded = new RulesetCompiler(Clock.systemUTC()).load(files, "test", compiled);
        assertThat(loaded.version()).isEqualTo(result.version());
        assertThat(loaded.rules()).extracting(Ruleset.RuleInfo::id).containsExactly("ENT-01");
    }

    @Test
    void aGateThatDoesNotAskForThemSendsNoCompiledRules() throws Exception {
        Jobs.Outcome outcome = worker.run(GateJob.TYPE, gateInput(10_000));

        assertThat(GateJob.result(((Jobs.Done) outcome).result()).compiledBytes()).isNull();
    }

    @Test
    void anUnknownJobTypeIsAnErrorAndTheProcessIsKept() {
        worker.run(GateJob.TYPE, gateInput(1));
        long pid = worker.pid();

        Jobs.Outcome outcome = worker.run("no-such-job", gateInput(1));

        assertThat(outcome).isInstanceOfSatisfying(Jobs.Failed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo("ERROR");
            assertThat(f.failure().detail()).contains("unknown job type 'no-such-job'");
        });
        assertThat(worker.pid()).isEqualTo(pid);
        assertThat(worker.processesStarted()).isEqualTo(1);
    }

    @Test
    void aWorkerKilledBetweenJobsIsReplacedForTheNextJob() throws Exception {
        worker.run(GateJob.TYPE, gateInput(1));
        long pid = worker.pid();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        ProcessHandle.of(pid).ifPresent(p -> p.onExit().join());

        Jobs.Outcome outcome = worker.run(GateJob.TYPE, gateInput(2));

        assertThat(outcome).isInstanceOf(Jobs.Done.class);
        assertThat(worker.pid()).isPositive().isNotEqualTo(pid);
        assertThat(worker.processesStarted()).isEqualTo(2);
    }

    @Test
    void theCompileErrorsOfACandidateComeBackWithFileAndLine() {
        TreeMap<String, String> files = new TreeMap<>();
        files.put("bad.drl", "package t;\nrule \"ENT-01 x\"\nwhen\n  Foo( > )\nthen\nend\n");

        Jobs.Outcome outcome = worker.run(GateJob.TYPE,
                GateJob.input(new GateJob.Input(files, "test", dir.toString(), true, 100, 10, false)));

        JsonNode result = ((Jobs.Done) outcome).result();
        assertThat(result.path("outcome").asText()).isEqualTo("COMPILE_FAILED");
        assertThat(result.at("/errors/0/file").asText()).isEqualTo("bad.drl");
        assertThat(result.at("/errors/0/line").asInt()).isEqualTo(4);
    }
}

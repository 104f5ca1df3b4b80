package io.cilicensing.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.report.ReportJson;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * The worker process: reads one job per line on stdin,
 * {@code {"id": "...", "type": "gate", "timeoutMillis": 30000, "input": {...}}}, runs it, and
 * writes JSON lines on stdout: {@code {"ready": true}} once at start, then for each job any
 * number of {@code {"id", "progress": "step"}} and one final line, {@code {"id", "result": {...}}}
 * or {@code {"id", "failure": {"kind", "rule", "step", "detail"}}}. Logs and anything rules
 * print go to stderr. Ends when stdin closes.
 *
 * <p>Candidate rules run here. When one calls System.exit, a shutdown hook reports EXIT with
 * the rule and step before the process ends; when a job outlives its time limit, a watchdog
 * reports TIMEOUT and halts the process (a looping thread cannot be stopped); when a scenario
 * outlives its budget, the gate job reports TIMEOUT itself and the process halts; when a job
 * answered but left a decision running past its budget, its answer says {@code "replace": true};
 * when one
 * exhausts the heap (-Xmx), OUT_OF_MEMORY is reported and the process ends. The service
 * starts a new worker after each of these.
 */
public final class WorkerMain {
    private static final ObjectMapper JSON = ReportJson.mapper();

    private final PrintStream protocol;
    private final Map<String, JobHandler> handlers = JobHandlers.all();
    private volatile String jobId;
    private volatile JobContext context;
    private volatile boolean answered;

    private WorkerMain(OutputStream stdout) {
        this.protocol = new PrintStream(stdout, false, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws IOException {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err); // stdout carries the protocol only
        quietLogs();
        new WorkerMain(stdout).serve();
    }

    private void serve() throws IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::onExit, "worker-exit-report"));
        send(JSON.createObjectNode().put("ready", true));
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!line.isBlank()) {
                runJob(line);
            }
        }
    }

    private void runJob(String line) {
        JsonNode job;
        try {
            job = JSON.readTree(line);
        } catch (IOException e) {
            System.err.println("worker: ignoring a line that is not JSON: " + e.getMessage());
            return;
        }
        String id = job.path("id").asText();
        JobContext ctx = new JobContext(step -> send(JSON.createObjectNode().put("id", id).put("progress", step)));
        long timeoutMillis = job.path("timeoutMillis").asLong(30_000);
        synchronized (this) {
            jobId = id;
            context = ctx;
            answered = false;
        }
        JobHandler handler = handlers.get(job.path("type").asText());
        if (handler == null) {
            fail(id, new CandidateFailure("ERROR", null, null, "unknown job type '" + job.path("type").asText() + "'"));
            return;
        }
        Thread watchdog = new Thread(() -> watch(id, ctx, timeoutMillis), "worker-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        try {
            JsonNode result = handler.run(job.path("input"), ctx);
            ObjectNode answer = JSON.createObjectNode().put("id", id);
            answer.set("result", result);
            if (ctx.stuckDecisions() > 0) {
                // a decision that does not return keeps its thread (and a core): the service replaces this process
                answer.put("replace", true);
            }
            answer(id, answer);
        } catch (CandidateFailedException e) {
            fail(id, e.failure());
            if (ctx.stuckDecisions() > 0) {
                Runtime.getRuntime().halt(3); // a looping thread cannot be stopped; the service starts a new worker
            }
        } catch (OutOfMemoryError e) {
            String rule = ctx.rule();
            fail(id, new CandidateFailure("OUT_OF_MEMORY", rule, ctx.step(),
                    "the candidate exhausted the worker's heap (" + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                            + " MB)"));
            Runtime.getRuntime().halt(4); // the heap may be in any state: start afresh
        } catch (Exception | StackOverflowError e) {
            fail(id, new CandidateFailure("ERROR", ctx.rule(), ctx.step(), e.toString()));
        } finally {
            watchdog.interrupt();
            ctx.close();
        }
    }

    private void watch(String id, JobContext ctx, long timeoutMillis) {
        try {
            Thread.sleep(timeoutMillis);
        } catch (InterruptedException e) {
            return; // the job ended in time
        }
        fail(id, new CandidateFailure("TIMEOUT", ctx.rule(), ctx.step(),
                "the job was still running after " + timeoutMillis + " ms"));
        Runtime.getRuntime().halt(3); // a looping thread cannot be stopped; the service starts a new worker
    }

    /** A rule (or anything) called System.exit while a job ran: say which, before the process ends. */
    private void onExit() {
        String id;
        JobContext ctx;
        synchronized (this) {
            id = jobId;
            ctx = context;
        }
        if (id != null && ctx != null) {
            fail(id, new CandidateFailure("EXIT", ctx.rule(), ctx.step(), "System.exit was called"));
        }
    }

    private void fail(String id, CandidateFailure failure) {
        ObjectNode line = JSON.createObjectNode().put("id", id);
        line.set("failure", JSON.valueToTree(failure));
        answer(id, line);
    }

    /** The one final line of a job; later ones (the watchdog racing the end of a job) are dropped. */
    private void answer(String id, ObjectNode line) {
        synchronized (this) {
            if (answered || !id.equals(jobId)) {
                return;
            }
            answered = true;
            send(line);
            jobId = null;
            context = null;
        }
    }

    private synchronized void send(JsonNode line) {
        try {
            protocol.print(JSON.writeValueAsString(line));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        protocol.print('\n');
        protocol.flush();
    }

    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            ctx.getLogger("org.drools").setLevel(ch.qos.logback.classic.Level.OFF);
            ctx.getLogger("org.kie").setLevel(ch.qos.logback.classic.Level.OFF);
        }
    }
}

package io.cilicensing.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cilicensing.report.ReportJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's side of the worker process ({@link WorkerMain}): starts it, hands it one job at a
 * time as a JSON line, and waits for the answer within the job time limit. The process is kept
 * between jobs (warm: its JIT has compiled the compiler and the engine), and replaced when it
 * ends, hangs past the limit or runs out of memory; the replacement is started at once in the
 * background and warmed with {@code warmUp} (the live rules' gate), so the next job is fast.
 */
public final class CandidateWorker implements Jobs, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CandidateWorker.class);
    private static final ObjectMapper JSON = ReportJson.mapper();
    /** Time the process gets past the job limit to report a timeout itself before it is killed. */
    private static final long GRACE_MILLIS = 5_000;
    /** The only environment variables the worker process inherits. */
    private static final java.util.Set<String> INHERITED_ENVIRONMENT = java.util.Set.of("PATH", "HOME", "LANG", "LC_ALL",
            "TZ", "TMPDIR", "JAVA_HOME");

    private final WorkerSettings settings;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "worker-start");
        t.setDaemon(true);
        return t;
    });
    private volatile Supplier<Optional<Job>> warmUp = Optional::empty;
    private Running running;
    private volatile boolean closed;
    private long started;

    /** A job to send: its type and input. */
    public record Job(String type, JsonNode input) {}

    public CandidateWorker(WorkerSettings settings) {
        this.settings = settings;
    }

    /** The job run on every new worker process before it takes real work (its result is dropped). */
    public void warmUpWith(Supplier<Optional<Job>> job) {
        this.warmUp = job;
    }

    /** Starts (and warms) the worker process in the background. */
    public void startInBackground() {
        startInBackground(Duration.ZERO);
    }

    /**
     * Starts (and warms) the worker process in the background after {@code delay}, so that it does
     * not compete for the cores with a service that has just become ready; a job asked for before
     * then starts it at once.
     */
    public void startInBackground(Duration delay) {
        background.execute(() -> {
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    ensureRunning();
                } catch (IOException | RuntimeException e) {
                    log.warn("worker process did not start: {}", e.toString());
                }
            }
        });
    }

    /** Processes started so far (the first, and one per replacement). */
    public synchronized long processesStarted() {
        return started;
    }

    /** The pid of the current worker process, or -1 when none runs. */
    public synchronized long pid() {
        return running != null && running.process.isAlive() ? running.process.pid() : -1;
    }

    @Override
    public Outcome run(String type, JsonNode input, Consumer<String> progress) {
        return run(type, input, progress, settings.jobTimeout().toMillis());
    }

    @Override
    public Outcome run(String type, JsonNode input, Duration moreTime) {
        return run(type, input, step -> { }, settings.jobTimeout().plus(moreTime).toMillis());
    }

    private synchronized Outcome run(String type, JsonNode input, Consumer<String> progress, long timeoutMillis) {
        try {
            ensureRunning();
        } catch (IOException | RuntimeException e) {
            return new Failed(new CandidateFailure("ERROR", null, null,
                    "the worker process could not be started: " + e.getMessage()));
        }
        Outcome outcome = send(type, input, timeoutMillis, progress);
        if (outcome instanceof Failed f && !"ERROR".equals(f.failure().kind())) {
            replace();
        } else if (running != null && running.unfit) {
            log.info("worker process {} left a decision running past its budget; replacing it", running.process.pid());
            replace();
        }
        return outcome;
    }

    private Outcome send(String type, JsonNode input, long timeout, Consumer<String> progress) {
        Running r = running;
        String id = UUID.randomUUID().toString();
        ObjectNode job = JSON.createObjectNode().put("id", id).put("type", type).put("timeoutMillis", timeout);
        job.set("input", input);
        CompletableFuture<Outcome> answer = r.expect(id, progress);
        try {
            OutputStream in = r.process.getOutputStream();
            in.write(JSON.writeValueAsBytes(job));
            in.write('\n');
            in.flush();
        } catch (IOException e) {
            return r.endedOutcome(id);
        }
        try {
            return answer.get(timeout + GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            r.process.destroyForcibly();
            return new Failed(new CandidateFailure("TIMEOUT", null, r.lastProgress,
                    "the worker did not answer within " + (timeout + GRACE_MILLIS) + " ms and was killed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(new CandidateFailure("ERROR", null, r.lastProgress, "interrupted while waiting"));
        } catch (ExecutionException e) {
            return new Failed(new CandidateFailure("ERROR", null, r.lastProgress, e.getCause().toString()));
        }
    }

    /** Ends the current process (it failed) and starts and warms a new one in the background. */
    private void replace() {
        Running r = running;
        running = null;
        if (r != null) {
            r.kill();
        }
        if (!closed) {
            startInBackground();
        }
    }

    private void ensureRunning() throws IOException {
        if (closed) {
            throw new IllegalStateException("the worker is closed");
        }
        if (running != null && running.process.isAlive()) {
            return;
        }
        List<String> command = WorkerCommand.of(settings);
        long t0 = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command);
        // candidate code runs there: it gets no secrets from the environment (admin token, API keys)
        builder.environment().keySet().retainAll(INHERITED_ENVIRONMENT);
        Process process = builder.start();
        started++;
        Running r = new Running(process);
        if (!r.awaitReady(settings.startTimeout().toMillis())) {
            r.kill();
            throw new IOException("no ready line within " + settings.startTimeout().toMillis() + " ms ("
                    + String.join(" ", command) + ")");
        }
        running = r;
        long ms = (System.nanoTime() - t0) / 1_000_000;
        log.info("worker process {} started in {} ms (-Xmx{}, job limit {} ms)", process.pid(), ms,
                settings.maxHeap(), settings.jobTimeout().toMillis());
        Optional<Job> warm = warmUp.get();
        if (warm.isPresent()) {
            long w0 = System.nanoTime();
            // a new process compiles cold (seconds on a busy machine): the warm-up gets the start limit
            Outcome o = send(warm.get().type(), warm.get().input(), settings.startTimeout().toMillis(), step -> { });
            log.info("worker process {} warmed in {} ms", process.pid(), (System.nanoTime() - w0) / 1_000_000);
            if (o instanceof Failed f) {
                log.warn("warming the worker failed: {}", f.failure().describe());
                if (!process.isAlive()) {
                    running = null;
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        background.shutdownNow();
        if (running != null) {
            running.kill();
            running = null;
        }
    }

    /** One worker process, its stdout reader and stderr drain. */
    private static final class Running {
        final Process process;
        final CompletableFuture<Boolean> ready = new CompletableFuture<>();
        volatile String currentId;
        volatile CompletableFuture<Outcome> current;
        volatile String lastProgress;
        /** It answered a job but a decision of it still runs past its budget: replace it. */
        volatile boolean unfit;
        volatile Consumer<String> progressListener = step -> { };

        Running(Process process) {
            this.process = process;
            Thread out = new Thread(this::readAnswers, "worker-" + process.pid() + "-out");
            out.setDaemon(true);
            out.start();
            Thread err = new Thread(this::drainErrors, "worker-" + process.pid() + "-err");
            err.setDaemon(true);
            err.start();
        }

        boolean awaitReady(long millis) {
            try {
                return ready.get(millis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }

        CompletableFuture<Outcome> expect(String id, Consumer<String> progress) {
            lastProgress = null;
            progressListener = progress;
            CompletableFuture<Outcome> f = new CompletableFuture<>();
            currentId = id;
            current = f;
            return f;
        }

        private void readAnswers() {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    handle(line);
                }
            } catch (IOException e) {
                log.debug("worker output closed: {}", e.toString());
            }
            ready.complete(false);
            CompletableFuture<Outcome> f = current;
            if (f != null) {
                f.complete(endedOutcome(currentId));
            }
        }

        private void handle(String line) {
            JsonNode msg;
            try {
                msg = JSON.readTree(line);
            } catch (IOException e) {
                log.warn("worker: unexpected output line: {}", line.length() > 200 ? line.substring(0, 200) : line);
                return;
            }
            if (msg.path("ready").asBoolean(false)) {
                ready.complete(true);
                return;
            }
            if (!msg.path("id").asText("").equals(currentId)) {
                return; // an answer to a job nobody waits for any more
            }
            if (msg.has("progress")) {
                lastProgress = msg.path("progress").asText();
                try {
                    progressListener.accept(lastProgress);
                } catch (RuntimeException e) {
                    log.warn("progress listener failed: {}", e.toString());
                }
            } else if (msg.has("result")) {
                if (msg.path("replace").asBoolean(false)) {
                    unfit = true;
                }
                current.complete(new Done(msg.get("result")));
            } else if (msg.has("failure")) {
                try {
                    current.complete(new Failed(JSON.treeToValue(msg.get("failure"), CandidateFailure.class)));
                } catch (IOException e) {
                    current.complete(new Failed(new CandidateFailure("ERROR", null, lastProgress, e.toString())));
                }
            }
        }

        /** The outcome of a job whose process ended without answering. */
        Outcome endedOutcome(String id) {
            Integer code = null;
            try {
                if (process.waitFor(2, TimeUnit.SECONDS)) {
                    code = process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new Failed(new CandidateFailure("EXIT", null, lastProgress,
                    "the worker process ended" + (code == null ? "" : " with exit code " + code)));
        }

        private void drainErrors() {
            try (BufferedReader err = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    log.info("worker {}: {}", process.pid(), line);
                }
            } catch (IOException e) {
                log.debug("worker stderr closed: {}", e.toString());
            }
        }

        void kill() {
            try {
                process.getOutputStream().close();
            } catch (IOException e) {
                log.debug("closing worker stdin: {}", e.toString());
            }
            process.destroyForcibly();
        }
    }
}

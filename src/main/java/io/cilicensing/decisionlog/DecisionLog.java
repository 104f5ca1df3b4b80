package io.cilicensing.decisionlog;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.cilicensing.report.ReportJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision log: every decision as one JSON line, written by a single background thread
 * from a bounded queue. {@link #append} never blocks and never throws: when the queue is full,
 * or the file cannot be written, the entry is dropped and counted in the metric
 * {@code decision.log.dropped} (tag {@code reason}: {@code queue_full}, {@code io_error},
 * {@code closed}). {@link #close} writes what is queued, flushes and closes the file.
 */
public final class DecisionLog implements Closeable {
    private static final Logger log = LoggerFactory.getLogger(DecisionLog.class);
    static final String DROPPED = "decision.log.dropped";
    private static final int WRITE_BATCH = 256;

    /** Where lines go. Used by the writer thread only. */
    interface Sink extends Closeable {
        /** Writes one whole line (ending in a newline). */
        void write(byte[] line) throws IOException;

        void flush() throws IOException;

        /** Whether writing a line of {@code bytes} would first start a new file (rotation). */
        default boolean wouldRotate(int bytes) throws IOException {
            return false;
        }

        /** Counts the files started so far; changes when a write rotated the file. */
        default long generation() {
            return 0;
        }
    }

    /** An entry waiting for the writer, with the body it was decided from (null: not kept). */
    private record Pending(DecisionLogEntry entry, byte[] body, int bodyBytes, boolean queueFullForBodies) {}

    private final Sink sink;
    private final BlockingQueue<Pending> queue;
    private final FactsStore facts;
    /** Bytes of bodies waiting in the queue, held to the facts policy's queue limit. */
    private final AtomicLong queuedBodyBytes = new AtomicLong();
    private final Thread writer;
    private final Counter queueFull;
    private final Counter ioError;
    private final Counter closedDrop;
    private final ObjectWriter json = ReportJson.mapper().writerFor(DecisionLogEntry.class);
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private volatile boolean closed;
    private boolean failing;

    /** A log that writes nothing and starts no thread ({@code decisions.log.enabled=false}). */
    public static DecisionLog disabled(MeterRegistry registry) {
        return new DecisionLog(null, 0, registry);
    }

    /**
     * A log writing to {@code file}, rotated before it would pass {@code maxBytes}, keeping
     * {@code maxFiles} older files (as {@code decisions.log.*} configure it).
     */
    public static DecisionLog toFile(Path file, long maxBytes, int maxFiles, int capacity, FactsPolicy facts,
                                     MeterRegistry registry) {
        return new DecisionLog(new RotatingFile(file, maxBytes, maxFiles), capacity, facts, registry);
    }

    DecisionLog(Sink sink, int capacity, MeterRegistry registry) {
        this(sink, capacity, FactsPolicy.OFF, registry);
    }

    DecisionLog(Sink sink, int capacity, FactsPolicy factsPolicy, MeterRegistry registry) {
        this.sink = sink;
        this.facts = new FactsStore(factsPolicy);
        this.queueFull = dropped(registry, "queue_full");
        this.ioError = dropped(registry, "io_error");
        this.closedDrop = dropped(registry, "closed");
        if (sink == null) {
            this.queue = null;
            this.writer = null;
            return;
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("decisions.log.queue-capacity must be >= 1, got " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = new Thread(this::run, "decision-log-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    private static Counter dropped(MeterRegistry registry, String reason) {
        return Counter.builder(DROPPED).tag("reason", reason)
                .description("decision log entries not written").register(registry);
    }

    /** Whether entries are written at all; when not, callers need not build them. */
    public boolean enabled() {
        return sink != null;
    }

    /** Queues the entry for writing, without its fact set; never blocks, never throws. */
    public void append(DecisionLogEntry entry) {
        append(entry, null);
    }

    /**
     * Queues the entry for writing with the body it was decided from (kept when
     * {@code decisions.log.facts} is on and the body is within {@code decisions.log.facts-max-size});
     * never blocks, never throws. The body must not be changed afterwards.
     */
    public void append(DecisionLogEntry entry, byte[] body) {
        if (sink == null) {
            return;
        }
        int bodyBytes = body == null ? -1 : body.length;
        boolean keep = facts.keeps(body);
        boolean bodiesFull = false;
        if (keep && queuedBodyBytes.addAndGet(bodyBytes) > facts.queueMaxBytes()) {
            queuedBodyBytes.addAndGet(-bodyBytes);
            keep = false;
            bodiesFull = true;
        }
        Pending p = new Pending(entry, keep ? body : null, bodyBytes, bodiesFull);
        if (closed) {
            release(p);
            closedDrop.increment();
        } else if (!queue.offer(p)) {
            release(p);
            queueFull.increment();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(WRITE_BATCH);
        while (true) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (closed) {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, WRITE_BATCH - 1);
            for (Pending p : batch) {
                write(p);
            }
            batch.clear();
            if (queue.isEmpty()) {
                flush();
            }
        }
    }

    private void release(Pending p) {
        if (p.body() != null) {
            queuedBodyBytes.addAndGet(-p.bodyBytes());
        }
    }

    private void write(Pending p) {
        release(p);
        try {
            FactsStore.Stored stored = facts.store(p.entry().bodySha256(), p.body(), p.bodyBytes(),
                    p.queueFullForBodies());
            byte[] bytes = line(p.entry(), stored);
            if (stored.isRef() && sink.wouldRotate(bytes.length)) {
                // the line starts a new file, which must carry the body itself
                stored = facts.storeInline(p.body());
                bytes = line(p.entry(), stored);
            }
            long generation = sink.generation();
            sink.write(bytes);
            if (sink.generation() != generation) {
                facts.newFile();
            }
            facts.written(p.entry().bodySha256(), stored);
            failing = false;
        } catch (IOException | RuntimeException e) {
            facts.newFile(); // lines in the buffer may be lost: reference nothing written before
            ioError.increment();
            if (!failing) {
                log.warn("decision log: cannot write ({}); entries are dropped and counted in {} until it works again",
                        e.toString(), DROPPED);
                failing = true;
            }
            closeQuietly(); // reopened on the next write
        }
    }

    /** One line: the entry's JSON, then the fact set fields, then a newline. */
    private byte[] line(DecisionLogEntry entry, FactsStore.Stored stored) throws IOException {
        line.reset();
        json.writeValue(line, entry);
        if (stored.storage() != null) {
            byte[] head = line.toByteArray();
            line.reset();
            line.write(head, 0, head.length - 1); // without the closing brace
            line.write(stored.fields());
            line.write('}');
        }
        line.write('\n');
        return line.toByteArray();
    }

    private void flush() {
        try {
            sink.flush();
        } catch (IOException e) {
            // the lines in the buffer are lost with the stream; later writes reopen the file
            facts.newFile();
            ioError.increment();
            closeQuietly();
        }
    }

    private void closeQuietly() {
        try {
            sink.close();
        } catch (IOException ignored) {
            // nothing more to do: the next write opens the file again
        }
    }

    /** Stops taking entries, writes those queued, flushes and closes the file. */
    @Override
    public void close() {
        if (sink == null || closed) {
            return;
        }
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn("decision log: the writer did not finish within 10 s; {} queued entries dropped", queue.size());
            closedDrop.increment(queue.size());
            return;
        }
        List<Pending> rest = new ArrayList<>();
        queue.drainTo(rest); // appended between the writer's last look and its exit
        rest.forEach(this::write);
        flush();
        closeQuietly();
    }
}

package io.cilicensing.engine;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs decisions on a fixed pool of decision threads, each within a time budget, so the caller's
 * thread can give up on a decision that does not end.
 *
 * <p>{@link #run} hands the work to a pool thread and waits at most the budget (the wait for a
 * free thread included). Past it, the caller gets {@link DecisionTimeoutException} and the
 * decision's {@link HaltSignal} is halted: a decision still firing rules stops at its next
 * firing and frees its thread within moments; a decision waiting for a thread never starts. A
 * rule consequence that does not return (a Java loop) cannot be stopped: Java has no safe way to
 * stop a thread, and Drools checks for a halt only between firings. Its thread stays busy (it
 * keeps using a core) and the decision is counted as <em>stuck</em> until it returns, if ever.
 * {@link #stuck()} and {@link #longestStuckNanos()} feed the metrics and the liveness check,
 * which asks for a restart (README > Operations > Health).
 *
 * <p>When every pool thread is stuck no decision can run: {@link #run} then fails at once with
 * {@link DecisionThreadsExhaustedException} instead of waiting out the budget.
 */
public final class DecisionThreads implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionThreads.class);
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int DONE = 2;
    private static final int CANCELLED = 3;
    private static final int ABANDONED = 4;

    private final int threads;
    private final long budgetNanos;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor pool;
    /** Decisions still running after their caller gave up: the nanoTime their budget ran out. */
    private final Map<Task<?>, Long> stuck = new ConcurrentHashMap<>();

    public DecisionThreads(int threads, Duration budget) {
        this(threads, budget, System::nanoTime);
    }

    /** With the given clock ({@code System::nanoTime} in service; tests move their own). */
    public DecisionThreads(int threads, Duration budget, LongSupplier nanoTime) {
        if (threads < 1) {
            throw new IllegalArgumentException("decision threads must be >= 1, got " + threads);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the decision time budget must be positive, got " + budget);
        }
        this.threads = threads;
        this.budgetNanos = budget.toNanos();
        this.nanoTime = nanoTime;
        // unbounded queue: what waits in it is bounded by the callers (server threads) waiting for it
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DecisionThreadFactory());
    }

    /**
     * Runs {@code work} on a decision thread and answers its result, or throws what it threw
     * (unchecked), {@link DecisionTimeoutException} past the budget, or
     * {@link DecisionThreadsExhaustedException} when every decision thread is stuck.
     */
    public <T> T run(Function<HaltSignal, T> work) {
        if (stuck.size() >= threads) {
            throw new DecisionThreadsExhaustedException(threads);
        }
        Task<T> task = new Task<>(work);
        long deadline = nanoTime.getAsLong() + budgetNanos;
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) { // closed: the service is stopping
            throw new DecisionThreadsExhaustedException("no decision can run: the service is stopping");
        }
        try {
            return task.await(budgetNanos);
        } catch (TimeoutException e) {
            giveUp(task, deadline);
            throw new DecisionTimeoutException(Duration.ofNanos(budgetNanos));
        } catch (InterruptedException e) {
            giveUp(task, deadline);
            Thread.currentThread().interrupt();
            throw new DecisionTimeoutException(Duration.ofNanos(budgetNanos));
        }
    }

    private void giveUp(Task<?> task, long deadline) {
        task.halt.halt();
        if (task.state.compareAndSet(QUEUED, CANCELLED)) {
            pool.remove(task);
            return;
        }
        // registered before the state says so: the thread, on seeing ABANDONED, removes it again
        stuck.put(task, deadline);
        if (!task.state.compareAndSet(RUNNING, ABANDONED)) {
            stuck.remove(task); // it ended meanwhile
            return;
        }
        Thread thread = task.thread;
        if (thread != null) { // where it is: a rule consequence shows as a frame of the rule's generated class
            log.warn("decision on thread {} passed its time budget and was halted; it is still running (stuck"
                    + " decisions: {} of {} threads) at:\n    {}", thread.getName(), stuck.size(), threads,
                    Stream.of(thread.getStackTrace()).limit(12).map(String::valueOf)
                            .collect(Collectors.joining("\n    ")));
        }
    }

    /** Decisions still running after their caller got {@link DecisionTimeoutException}. */
    public int stuck() {
        return stuck.size();
    }

    /** How long the longest-stuck decision has run past its budget; 0 when none is stuck. */
    public long longestStuckNanos() {
        long now = nanoTime.getAsLong();
        long longest = 0;
        for (long since : stuck.values()) {
            longest = Math.max(longest, now - since);
        }
        return longest;
    }

    public int threads() {
        return threads;
    }

    public Duration budget() {
        return Duration.ofNanos(budgetNanos);
    }

    /** Stops taking decisions; running ones are not waited for (the threads are daemons). */
    @Override
    public void close() {
        pool.shutdown();
    }

    private final class Task<T> implements Runnable {
        final AtomicInteger state = new AtomicInteger(QUEUED);
        final HaltSignal halt = new HaltSignal();
        volatile Thread thread;
        private final Function<HaltSignal, T> work;
        private final CompletableFuture<T> result = new CompletableFuture<>();

        Task(Function<HaltSignal, T> work) {
            this.work = work;
        }

        @Override
        public void run() {
            if (!state.compareAndSet(QUEUED, RUNNING)) {
                return; // its caller gave up while it waited for a thread
            }
            thread = Thread.currentThread();
            try {
                result.complete(work.apply(halt));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                if (!state.compareAndSet(RUNNING, DONE)) {
                    stuck.remove(this); // ABANDONED: it was counted as stuck
                    log.info("a decision halted after its time budget has ended on thread {} (stuck decisions: {})",
                            thread.getName(), stuck.size());
                }
                thread = null;
            }
        }

        T await(long nanos) throws TimeoutException, InterruptedException {
            try {
                return result.get(nanos, TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    private static final class DecisionThreadFactory implements ThreadFactory {
        private final AtomicInteger next = new AtomicInteger(1);

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "decision-" + next.getAndIncrement());
            t.setDaemon(true); // a stuck decision must not keep the JVM from exiting
            return t;
        }
    }
}

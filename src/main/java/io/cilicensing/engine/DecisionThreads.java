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
    /** The property that sets the budget, named in the timeout's message. */
    private final String budgetProperty;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor pool;
    /** Decisions still running after their caller gave up: the nanoTime their budget ran out. */
    private final Map<Task<?>, Long> stuck = new ConcurrentHashMap<>();

    public DecisionThreads(int threads, Duration budget) {
        this(threads, budget, System::nanoTime);
    }

    /** With the given clock ({@code System::nanoTime} in service; tests move their own). */
    public DecisionThreads(int threads, Duration budget, LongSupplier nanoTime) {
        this(threads, budget, "decisions.time-budget", nanoTime, "decision-");
    }

    /**
     * A pool of its own (the worker's scenario runs, a candidate's impact replay): its budget is set
     * by {@code budgetProperty}, its threads are named {@code threadPrefix} and a number.
     */
    public DecisionThreads(int threads, Duration budget, String budgetProperty, String threadPrefix) {
        this(threads, budget, budgetProperty, System::nanoTime, threadPrefix);
    }

    private DecisionThreads(int threads, Duration budget, String budgetProperty, LongSupplier nanoTime,
                            String threadPrefix) {
        if (threads < 1) {
            throw new IllegalArgumentException("decision threads must be >= 1, got " + threads);
        }
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("the decision time budget must be positive, got " + budget);
        }
        this.threads = threads;
        this.budgetNanos = budget.toNanos();
        this.budgetProperty = budgetProperty;
        this.nanoTime = nanoTime;
        // unbounded queue: what waits in it is bounded by the callers (server threads) waiting for it
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                new DecisionThreadFactory(threadPrefix));
    }

    /**
     * Runs {@code work} on a decision thread and answers its result, or throws what it threw
     * (unchecked), {@link DecisionTimeoutException} past the budget, or
     * {@link DecisionThreadsExhaustedException} when every decision thread is stuck.
     */
    public <T> T run(Function<HaltSignal, T> work) {
        return run(null, budgetNanos, work);
    }

    /**
     * As {@link #run(Function)}, deciding with {@code ruleset}: past the budget, the timeout names
     * the rule the decision was running ({@link DecisionTimeoutException#rule()}).
     */
    public <T> T run(Ruleset ruleset, Function<HaltSignal, T> work) {
        return run(ruleset, budgetNanos, work);
    }

    /**
     * As {@link #run(Ruleset, Function)}, waiting at most {@code maxWait} when that is shorter than
     * the budget (a run whose own budget ends first: an impact replay); past it the decision is
     * given up exactly as past the budget.
     */
    public <T> T run(Ruleset ruleset, Duration maxWait, Function<HaltSignal, T> work) {
        return run(ruleset, Math.max(0, Math.min(budgetNanos, maxWait.toNanos())), work);
    }

    private <T> T run(Ruleset ruleset, long waitNanos, Function<HaltSignal, T> work) {
        if (stuck.size() >= threads) {
            throw new DecisionThreadsExhaustedException(threads);
        }
        Task<T> task = new Task<>(work);
        long deadline = nanoTime.getAsLong() + waitNanos;
        try {
            pool.execute(task);
        } catch (RejectedExecutionException e) { // closed: the service is stopping
            throw new DecisionThreadsExhaustedException("no decision can run: the service is stopping");
        }
        try {
            return task.await(waitNanos);
        } catch (TimeoutException e) {
            throw timeout(waitNanos, giveUp(task, deadline, ruleset));
        } catch (InterruptedException e) {
            String rule = giveUp(task, deadline, ruleset);
            Thread.currentThread().interrupt();
            throw timeout(waitNanos, rule);
        }
    }

    private DecisionTimeoutException timeout(long waitNanos, String rule) {
        return new DecisionTimeoutException(Duration.ofNanos(waitNanos), budgetProperty, rule);
    }

    /** Halts the task, counts it as stuck while it still runs; answers the rule it was running, when known. */
    private String giveUp(Task<?> task, long deadline, Ruleset ruleset) {
        task.halt.halt();
        if (task.state.compareAndSet(QUEUED, CANCELLED)) {
            pool.remove(task);
            return null;
        }
        Thread thread = task.thread;
        StackTraceElement[] stack = thread == null ? new StackTraceElement[0] : thread.getStackTrace();
        String rule = task.halt.firing();
        if (rule == null && ruleset != null) { // not in a consequence: a condition, found from the stack
            rule = RuleLocator.ruleAt(ruleset.kieBase(), stack);
        }
        // registered before the state says so: the thread, on seeing ABANDONED, removes it again
        stuck.put(task, deadline);
        if (!task.state.compareAndSet(RUNNING, ABANDONED)) {
            stuck.remove(task); // it ended meanwhile
            return rule;
        }
        if (thread != null) { // where it is: a rule's Java code shows as a frame of the rule's generated class
            log.warn("decision on thread {} passed its time budget and was halted; it is still running{} (stuck"
                    + " decisions: {} of {} threads) at:\n    {}", thread.getName(),
                    rule == null ? "" : " in rule \"" + rule + "\"", stuck.size(), threads,
                    Stream.of(stack).limit(12).map(String::valueOf).collect(Collectors.joining("\n    ")));
        }
        return rule;
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
        private final String prefix;

        DecisionThreadFactory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, prefix + next.getAndIncrement());
            t.setDaemon(true); // a stuck decision must not keep the JVM from exiting
            return t;
        }
    }
}

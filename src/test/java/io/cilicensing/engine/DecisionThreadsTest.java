package io.cilicensing.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DecisionThreadsTest {
    private final AtomicLong now = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private DecisionThreads threads;

    @AfterEach
    void releaseAndClose() {
        release.countDown();
        if (threads != null) {
            threads.close();
        }
    }

    /** Work that does not return until the test releases it, whatever its halt signal says. */
    private String blocked(HaltSignal halt) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "late";
    }

    private static void awaitNoneStuck(DecisionThreads threads) throws InterruptedException {
        for (int i = 0; i < 1000 && threads.stuck() > 0; i++) {
            Thread.sleep(10);
        }
        assertThat(threads.stuck()).isZero();
    }

    @Test
    void answersTheResultOfTheWorkAndRethrowsWhatItThrows() {
        threads = new DecisionThreads(2, Duration.ofSeconds(30));

        assertThat(threads.<String>run(halt -> Thread.currentThread().getName())).startsWith("decision-");
        assertThatThrownBy(() -> threads.run(halt -> {
            throw new RuleFailedException("ENT-01 x", new IllegalStateException("boom"));
        })).isInstanceOf(RuleFailedException.class).hasMessageContaining("ENT-01 x");
        assertThat(threads.stuck()).isZero();
    }

    @Test
    void workPastTheBudgetTimesOutHaltsItsSignalAndCountsAsStuckUntilItReturns() throws Exception {
        threads = new DecisionThreads(2, Duration.ofMillis(50), now::get);
        AtomicBoolean haltedSeen = new AtomicBoolean();

        assertThatThrownBy(() -> threads.run(halt -> {
            String r = blocked(halt);
            haltedSeen.set(halt.halted());
            return r;
        })).isInstanceOf(DecisionTimeoutException.class).hasMessageContaining("decisions.time-budget");
        assertThat(threads.stuck()).isEqualTo(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(7));
        assertThat(threads.longestStuckNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(7) - TimeUnit.MILLISECONDS.toNanos(50));

        release.countDown();
        awaitNoneStuck(threads);
        assertThat(haltedSeen).isTrue();
        assertThat(threads.longestStuckNanos()).isZero();
    }

    @Test
    void workThatHeedsItsHaltSignalFreesItsThreadAfterTheTimeout() throws Exception {
        threads = new DecisionThreads(1, Duration.ofMillis(50));

        assertThatThrownBy(() -> threads.run(halt -> {
            while (!halt.halted()) {
                Thread.onSpinWait();
            }
            throw new DecisionHaltedException();
        })).isInstanceOf(DecisionTimeoutException.class);

        awaitNoneStuck(threads);
        assertThat(threads.<String>run(halt -> "next")).isEqualTo("next");
    }

    @Test
    void whenEveryThreadIsStuckWorkIsRefusedAtOnceWithoutRunning() throws Exception {
        threads = new DecisionThreads(1, Duration.ofMillis(50));
        assertThatThrownBy(() -> threads.run(this::blocked)).isInstanceOf(DecisionTimeoutException.class);
        AtomicBoolean ran = new AtomicBoolean();

        assertThatThrownBy(() -> threads.run(halt -> {
            ran.set(true);
            return "x";
        })).isInstanceOf(DecisionThreadsExhaustedException.class).hasMessageContaining("decisions.threads");
        assertThat(ran).isFalse();

        release.countDown();
        awaitNoneStuck(threads);
        assertThat(threads.<String>run(halt -> "after")).isEqualTo("after");
    }

    @Test
    void workThatWaitedForAThreadPastTheBudgetNeverRuns() throws Exception {
        threads = new DecisionThreads(1, Duration.ofMillis(200));
        CountDownLatch started = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                threads.run(halt -> {
                    started.countDown();
                    return blocked(halt);
                });
            } catch (DecisionTimeoutException expected) {
                // the first caller gives up too; its work stays stuck until released
            }
        });
        first.start();
        assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
        AtomicBoolean ran = new AtomicBoolean();

        // the only thread is busy (not yet stuck): this work waits in the queue past its budget
        assertThatThrownBy(() -> threads.run(halt -> {
            ran.set(true);
            return "x";
        })).isInstanceOf(DecisionTimeoutException.class);

        first.join();
        release.countDown();
        awaitNoneStuck(threads);
        assertThat(threads.<String>run(halt -> "after")).isEqualTo("after");
        assertThat(ran).isFalse();
    }
}

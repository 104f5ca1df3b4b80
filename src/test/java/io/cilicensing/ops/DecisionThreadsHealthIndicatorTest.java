package io.cilicensing.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.DecisionTimeoutException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class DecisionThreadsHealthIndicatorTest {
    private final AtomicLong now = new AtomicLong();
    private final CountDownLatch release = new CountDownLatch(1);
    private final DecisionThreads threads = new DecisionThreads(2, Duration.ofMillis(50), now::get);
    private final DecisionThreadsHealthIndicator health =
            new DecisionThreadsHealthIndicator(threads, Duration.ofSeconds(60));

    @AfterEach
    void release() {
        release.countDown();
        threads.close();
    }

    private void stick() {
        assertThatThrownBy(() -> threads.run(halt -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "late";
        })).isInstanceOf(DecisionTimeoutException.class);
    }

    @Test
    void isUpWithNoStuckDecision() {
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("stuck", 0).containsEntry("threads", 2);
    }

    @Test
    void isDownOnceADecisionHasBeenStuckLongerThanTheBound() {
        stick();
        now.addAndGet(Duration.ofSeconds(60).toNanos()); // 60 s since the start: 59.95 s past the budget
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails()).containsEntry("stuck", 1);

        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("reason").toString()).contains("decisions.stuck-liveness-after");
    }

    @Test
    void isDownAtOnceWhenEveryDecisionThreadIsStuck() {
        stick();
        stick();
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("stuck", 2);
    }
}

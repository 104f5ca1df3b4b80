package io.cilicensing.ops;

import io.cilicensing.engine.DecisionThreads;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code decisionThreads}, part of the liveness group
 * ({@code /actuator/health/liveness}): DOWN when a decision has been stuck (running past its
 * time budget, in a rule that does not return) for longer than
 * {@code decisions.stuck-liveness-after}, or when every decision thread is stuck. A stuck thread
 * cannot be stopped from inside the process, so the instance asks to be restarted.
 */
@Component // health component "decisionThreads" (the bean name without "HealthIndicator")
public class DecisionThreadsHealthIndicator implements HealthIndicator {
    private final DecisionThreads threads;
    private final Duration stuckLimit;

    public DecisionThreadsHealthIndicator(DecisionThreads threads,
                                          @Value("${decisions.stuck-liveness-after}") Duration stuckLimit) {
        this.threads = threads;
        this.stuckLimit = stuckLimit;
    }

    @Override
    public Health health() {
        int stuck = threads.stuck();
        Duration longest = Duration.ofNanos(threads.longestStuckNanos());
        Health.Builder health;
        if (stuck >= threads.threads()) {
            health = Health.down().withDetail("reason", "every decision thread is stuck in a rule that did not return");
        } else if (stuck > 0 && longest.compareTo(stuckLimit) > 0) {
            health = Health.down().withDetail("reason", "a decision has been stuck past its time budget for longer than "
                    + stuckLimit.toSeconds() + " s (decisions.stuck-liveness-after)");
        } else {
            health = Health.up();
        }
        return health.withDetail("threads", threads.threads()).withDetail("stuck", stuck)
                .withDetail("longestStuckSeconds", longest.toNanos() / 1e9).build();
    }
}

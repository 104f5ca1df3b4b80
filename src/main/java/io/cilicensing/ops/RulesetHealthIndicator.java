package io.cilicensing.ops;

import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component {@code ruleset}: UP with the live version while a ruleset is live, DOWN
 * while none is. Part of the readiness group ({@code /actuator/health/readiness}), so a load
 * balancer sends no traffic to an instance that cannot decide.
 */
@Component
public class RulesetHealthIndicator implements HealthIndicator {
    private final LiveRuleset live;

    public RulesetHealthIndicator(LiveRuleset live) {
        this.live = live;
    }

    @Override
    public Health health() {
        Ruleset r = live.get();
        if (r == null) {
            return Health.down().withDetail("reason", "no ruleset is live").build();
        }
        return Health.up().withDetail("version", r.version()).withDetail("loadedAt", r.loadedAt().toString())
                .withDetail("rules", r.rules().size()).build();
    }
}

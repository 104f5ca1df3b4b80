package io.cilicensing.ops;

import io.cilicensing.engine.LiveRuleset;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.reload.RulesetReloader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Ruleset metrics: {@code ruleset.reloads{outcome}} counts reload attempts (a file change or an
 * admin reload; not the start, not validations) by outcome, and {@code ruleset.info{version}}
 * is 1 for the live ruleset's version, so instances behind one load balancer can be compared.
 */
@Component
public class RulesetMetrics {
    static final String RELOADS = "ruleset.reloads";
    static final String INFO = "ruleset.info";
    /** Registered up front so a rate of failed reloads reads 0, not "no data". */
    private static final List<String> OUTCOMES = List.of("LIVE", "UNCHANGED", "COMPILE_FAILED", "SCENARIOS_FAILED",
            "CANDIDATE_FAILED");

    private final MeterRegistry registry;
    private final LiveRuleset live;
    private final MultiGauge info;
    private final Map<String, Counter> reloads = new ConcurrentHashMap<>();

    public RulesetMetrics(MeterRegistry registry, LiveRuleset live, RulesetReloader reloader) {
        this.registry = registry;
        this.live = live;
        OUTCOMES.forEach(this::reloads);
        this.info = MultiGauge.builder(INFO).description("1 for the version of the live ruleset").register(registry);
        showLive();
        reloader.onReload(attempt -> {
            reloads(attempt.outcome()).increment();
            showLive();
        });
    }

    private Counter reloads(String outcome) {
        return reloads.computeIfAbsent(outcome, o -> Counter.builder(RELOADS).tag("outcome", o)
                .description("ruleset reload attempts, by outcome").register(registry));
    }

    /** Sets the info metric to the live ruleset (none while none is live). */
    void showLive() {
        Ruleset r = live.get();
        info.register(r == null ? List.of() : List.of(MultiGauge.Row.of(Tags.of("version", r.version()), 1)), true);
    }
}

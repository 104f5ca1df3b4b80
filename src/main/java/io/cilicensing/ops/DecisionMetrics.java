package io.cilicensing.ops;

import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.DecisionReport.FiredRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Decision metrics (README > Operations > Metrics). Meters are created once per tag value and
 * cached, so recording a decision is a few map look-ups and counter increments.
 * <ul>
 *   <li>{@code decisions{verdict}}: decisions answered with a report, by tenant verdict;</li>
 *   <li>{@code decision.errors{error}}: bodies that got an error instead, by CONTRACT.md code;</li>
 *   <li>{@code decision.latency}: time to decide a body (parse, validate, fire the rules, build the
 *       report; not the HTTP transfer), as a histogram with buckets from 0.25 ms to 10 s;</li>
 *   <li>{@code rule.firings{rule}}: rule firings by catalogue id.</li>
 * </ul>
 */
@Component
public class DecisionMetrics {
    static final String DECISIONS = "decisions";
    static final String ERRORS = "decision.errors";
    static final String LATENCY = "decision.latency";
    static final String FIRINGS = "rule.firings";

    private final MeterRegistry registry;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> byVerdict = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> byError = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> byRule = new ConcurrentHashMap<>();

    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder(LATENCY)
                .description("time to decide one fact set (parse, validate, rules, report)")
                // histogram buckets: management.metrics.distribution.slo.decision.latency (application.properties)
                .register(registry);
    }

    /** A body decided: its verdict, its duration, the rules that fired. */
    public void decided(DecisionReport report, long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        verdict(report.verdict()).increment();
        for (FiredRule f : report.firedRules()) {
            rule(f.id()).increment(f.count());
        }
    }

    /** A body that got an error instead of a report. */
    public void failed(String error) {
        counter(byError, ERRORS, "error", error, "bodies answered with an error instead of a report").increment();
    }

    private Counter verdict(String verdict) {
        return counter(byVerdict, DECISIONS, "verdict", verdict, "decisions answered with a report, by verdict");
    }

    private Counter rule(String id) {
        return counter(byRule, FIRINGS, "rule", id, "rule firings, by rule id");
    }

    private Counter counter(ConcurrentMap<String, Counter> cache, String name, String tag, String value,
                            String description) {
        String key = value == null ? "none" : value;
        Counter c = cache.get(key);
        if (c == null) {
            c = cache.computeIfAbsent(key, v -> Counter.builder(name).tag(tag, v).description(description)
                    .register(registry));
        }
        return c;
    }
}

package io.cilicensing.ops;

import io.cilicensing.report.DecisionReport;
import io.cilicensing.report.DecisionReport.FiredRule;
import io.cilicensing.engine.DecisionThreads;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
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
 *   <li>{@code decision.errors{error}}: bodies that got an error instead, by the request contract code;</li>
 *   <li>{@code decision.latency}: time to decide a body (parse, validate, fire the rules, build the
 *       report; not the HTTP transfer), as a histogram with buckets from 0.25 ms to 10 s;</li>
 *   <li>{@code rule.firings{rule}}: rule firings by catalogue id;</li>
 *   <li>{@code decisions.stuck}, {@code decisions.stuck.longest} (seconds), {@code decision.threads}:
 *       decisions still running after their caller got DECISION_TIMEOUT, how long the oldest of
 *       them has run past its budget, and the size of the decision thread pool.</li>
 * </ul>
 */
@Component
public class DecisionMetrics {
    static final String DECISIONS = "decisions";
    static final String ERRORS = "decision.errors";
    static final String LATENCY = "decision.latency";
    static final String FIRINGS = "rule.firings";
    static final String STUCK = "decisions.stuck";
    static final String STUCK_LONGEST = "decisions.stuck.longest";
    static final String THREADS = "decision.threads";

    private final MeterRegistry registry;
    private final Timer latency;
    private final ConcurrentMap<String, Counter> byVerdict = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> byError = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> byRule = new ConcurrentHashMap<>();

    public DecisionMetrics(MeterRegistry registry, DecisionThreads threads) {
        this.registry = registry;
        Gauge.builder(STUCK, threads, DecisionThreads::stuck)
                .description("decisions still running after their caller got DECISION_TIMEOUT (each holds a thread)")
                .register(registry);
        TimeGauge.builder(STUCK_LONGEST, threads, TimeUnit.NANOSECONDS, DecisionThreads::longestStuckNanos)
                .description("how long the longest-stuck decision has run past its time budget")
                .register(registry);
        Gauge.builder(THREADS, threads, DecisionThreads::threads)
                .description("decision threads (decisions.threads)").register(registry);
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

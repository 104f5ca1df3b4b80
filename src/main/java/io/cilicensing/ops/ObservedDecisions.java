package io.cilicensing.ops;

import io.cilicensing.Sha256;
import io.cilicensing.decisionlog.DecisionLog;
import io.cilicensing.decisionlog.DecisionLogEntry;
import io.cilicensing.engine.DecisionService;
import io.cilicensing.engine.DecisionThreads;
import io.cilicensing.engine.DecisionUnavailableException;
import io.cilicensing.engine.RuleFailedException;
import io.cilicensing.engine.Ruleset;
import io.cilicensing.engine.RulesDidNotSettleException;
import io.cilicensing.facts.BadFactsException;
import io.cilicensing.report.DecisionReport;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Decides one request body with a given ruleset, as {@link DecisionService} does, on a decision
 * thread within the time budget ({@link DecisionThreads}), and records it: metrics
 * ({@link DecisionMetrics}) and a decision log entry. The recording happens on the caller's
 * thread once the report is back, so a decision whose caller gave up is neither counted as
 * decided nor logged. On the request thread this adds the hand-off to the decision thread, the
 * timing, a few counter increments, the SHA-256 of the body and a queue offer (with a reference to the body, so the log can keep
 * the fact set); the log line, and the fact set in it, are serialized and written by the log's
 * own thread.
 */
@Component
public class ObservedDecisions {
    private final DecisionService decisions;
    private final DecisionThreads threads;
    private final DecisionMetrics metrics;
    private final DecisionLog log;
    private final Clock clock;

    public ObservedDecisions(DecisionService decisions, DecisionThreads threads, DecisionMetrics metrics,
                             DecisionLog log, Clock clock) {
        this.decisions = decisions;
        this.threads = threads;
        this.metrics = metrics;
        this.log = log;
        this.clock = clock;
    }

    /** A single decision ({@code POST /v1/decisions}). */
    public DecisionReport decide(byte[] body, Ruleset ruleset) {
        return decide(body, ruleset, null, null);
    }

    /** An item of a batch: the log entry names the batch and the item's index. */
    public DecisionReport decide(byte[] body, Ruleset ruleset, String batchId, Integer batchIndex) {
        Instant time = clock.instant();
        long start = System.nanoTime();
        DecisionReport report;
        try {
            report = threads.run(ruleset, halt -> decisions.decide(body, ruleset, halt));
        } catch (BadFactsException e) {
            metrics.failed(e.error());
            throw e;
        } catch (RulesDidNotSettleException e) {
            metrics.failed(RulesDidNotSettleException.CODE);
            throw e;
        } catch (RuleFailedException e) {
            metrics.failed(RuleFailedException.CODE);
            throw e;
        } catch (DecisionUnavailableException e) {
            metrics.failed(e.code());
            throw e;
        }
        long nanos = System.nanoTime() - start;
        metrics.decided(report, nanos);
        if (log.enabled()) {
            log.append(DecisionLogEntry.of(report, time, Sha256.hex(body), nanos, batchId, batchIndex), body);
        }
        return report;
    }

    /** A fact set answered with an error before it could be decided (too large, not an object). */
    public void rejected(String error) {
        metrics.failed(error);
    }
}

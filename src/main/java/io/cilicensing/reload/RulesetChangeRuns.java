package io.cilicensing.reload;

import java.util.Map;

/**
 * The group's re-decision of every tenant after a ruleset went live (README > Decisions over
 * Kafka), on an instance that consumes Kafka: the last run this instance took part in, running or
 * with its summary, for {@code GET /v1/ruleset} and the workbench.
 */
@FunctionalInterface
public interface RulesetChangeRuns {
    /** The last run (its summary once done), or null before any. */
    Map<String, Object> lastRun();
}

package io.cilicensing.impact;

import java.time.Instant;

/**
 * One fact set to decide with both rulesets. {@code asOf} is the instant to decide it at when
 * the body has no {@code asOf} of its own (a logged decision's: the instant it was decided for);
 * {@code problem} set means it cannot be replayed (e.g. its fact set was not logged).
 */
public record ReplayCase(String decisionId, String tenantId, Instant asOf, byte[] body, String problem) {

    public static ReplayCase notReplayable(String decisionId, String tenantId, String problem) {
        return new ReplayCase(decisionId, tenantId, null, null, problem);
    }
}

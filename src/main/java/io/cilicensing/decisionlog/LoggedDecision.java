package io.cilicensing.decisionlog;

import java.time.Instant;

/**
 * A decision read back from the log: who, when, what it answered, and the body it was decided
 * from. {@code body} is null when the line has none; {@code problem} then says why (the fact
 * sets were not kept, the body was over the cap, the line it refers to is missing).
 * {@code asOf} is the instant the decision was made for: the body's own, or the clock's when the
 * body had none; deciding {@code body} again at that instant gives the same answer.
 */
public record LoggedDecision(String decisionId, Instant time, String tenantId, Instant asOf, String rulesetVersion,
                             String verdict, String bodySha256, byte[] body, String problem, String file) {}

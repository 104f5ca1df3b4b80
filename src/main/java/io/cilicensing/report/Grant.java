package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** One contribution to an entitlement, kept so that the answer shows where each quota came from. */
@JsonPropertyOrder({"entitlement", "amount", "subject", "ruleId"})
public record Grant(String entitlement, long amount, String subject, String ruleId) {}

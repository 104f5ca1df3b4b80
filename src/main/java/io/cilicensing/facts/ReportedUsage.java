package io.cilicensing.facts;

/**
 * One usage object of the fact set, with where it was reported: {@code tenant} or
 * {@code environments/<id>}. ENT-19 sums them.
 */
public record ReportedUsage(String subject, UsageCounts counts) {
    public long interactedPeople() { return counts.interactedPeople(); }
    public long unifiedPeople() { return counts.unifiedPeople(); }
    public long interactionsThisMonth() { return counts.interactionsThisMonth(); }
}

package io.cilicensing.facts;

/** A usage object as posted (tenant level or per environment); absent counts are 0. */
public record UsageCounts(long interactedPeople, long unifiedPeople, long interactionsThisMonth) {
    public static final UsageCounts NONE = new UsageCounts(0, 0, 0);
}

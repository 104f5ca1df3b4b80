package io.cilicensing.facts;

/** A usage object as posted (tenant level or per environment); absent counts are 0. */
public record UsageCounts(
        @FactField(byDefault = "0", min = 0, max = FactLimits.PEOPLE) long interactedPeople,
        @FactField(byDefault = "0", min = 0, max = FactLimits.PEOPLE) long unifiedPeople,
        @FactField(byDefault = "0", min = 0, max = FactLimits.PEOPLE) long interactionsThisMonth) {
    public static final UsageCounts NONE = new UsageCounts(0, 0, 0);
}

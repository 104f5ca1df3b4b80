package io.cilicensing.facts;

import java.time.Instant;
import java.util.List;

/**
 * The request body of {@code POST /v1/decisions} as posted (CONTRACT.md > Request), before the
 * defaults that depend on other fields (geos) are applied. {@code interactions} is described
 * here but streamed by the reader, not bound through this record.
 */
public record PostedFactSet(
        @FactField(doc = "the evaluation instant; absent: the server's current time") Instant asOf,
        @FactField(required = true) Tenant tenant,
        List<License> licenses,
        List<AddOn> addOns,
        List<Environment> environments,
        @FactField(doc = "usage reported at tenant level") UsageCounts usage,
        @FactField(doc = "raw interaction records: give them or the interactedPeople/interactionsThisMonth counts, "
                + "not both") List<InteractionLog.Interaction> interactions,
        List<Request> requests) {
}

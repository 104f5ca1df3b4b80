package io.cilicensing.facts;

import java.time.Instant;
import java.util.List;

/**
 * The request body of {@code POST /v1/decisions} as posted (the contract: Request), before the
 * defaults that depend on other fields (geos) are applied. Its components and theirs, with their
 * {@link FactField}s, are the request's shape: the reader binds by it and the OpenAPI document is
 * generated from it ({@link FactShapes}).
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

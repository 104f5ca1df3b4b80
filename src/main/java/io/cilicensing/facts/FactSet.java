package io.cilicensing.facts;

import java.util.List;

/**
 * A validated tenant fact set: what {@code POST /v1/decisions} receives, as facts.
 * {@code asOfGiven} tells whether the request named its evaluation instant.
 */
public record FactSet(
        AsOf asOf,
        boolean asOfGiven,
        Tenant tenant,
        List<License> licenses,
        List<AddOn> addOns,
        List<Environment> environments,
        UsageCounts usage,
        InteractionLog interactions,
        List<Request> requests) {
}

package io.cilicensing.facts;

/**
 * A question the tenant asks (the contract: requests[]): one record per request type, each with
 * only its own fields. Fields the request contract requires or gives a default are never null.
 */
public sealed interface Request
        permits Purchase, StandaloneRenewal, CapacityChange, Migration, Deploy, Uninstall, BetweenEnvironments {

    String id();

    default RequestType type() {
        return RequestType.of(getClass());
    }

    /** The finding subject, {@code requests/<id>}. */
    default String subject() {
        return "requests/" + id();
    }
}

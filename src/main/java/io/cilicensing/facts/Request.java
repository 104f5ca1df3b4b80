package io.cilicensing.facts;

/**
 * A question the tenant asks (CONTRACT.md > requests[]): one record per request type, each with
 * only its own fields. Fields CONTRACT.md requires or gives a default are never null.
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

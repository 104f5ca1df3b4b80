package io.cilicensing.facts;

import java.time.LocalDate;

/**
 * A question the tenant asks (CONTRACT.md > requests[]). One shape for every type; the fields a
 * type does not use are null. Defaults of CONTRACT.md are already applied ({@code geo} is the
 * home geo for DEPLOY, {@code environmentType} PRODUCTION, {@code ceEnabled} true ...).
 */
public record Request(
        String id,
        RequestType type,
        // PURCHASE, STANDALONE_RENEWAL
        Sku sku,
        LocalDate date,
        Integer quantity,
        Integer packs,
        Long peoplePerPack,
        Tier tier,
        LocalDate maturesOn,
        LocalDate contractedOn,
        // CAPACITY_CHANGE
        Meter meter,
        Long delta,
        LocalDate effectiveOn,
        // MIGRATION
        String sourceGeo,
        String targetGeo,
        // DEPLOY
        App app,
        String geo,
        EnvironmentType environmentType,
        Boolean ceEnabled,
        // SOLUTION_IMPORT, UNINSTALL, LIFECYCLE, DATA_TRANSFER
        String sourceEnvironmentId,
        String targetEnvironmentId,
        String environmentId,
        Boolean removeSolutions,
        UninstallReason reason,
        LifecycleOperation operation,
        Boolean selective,
        TransferMethod method) {

    public String subject() {
        return "requests/" + id;
    }
}

package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;

/** A license fact (the contract: licenses[]). */
public final class License extends Subscription {
    private final int quantity;
    private final long includedContacts;
    private final long includedProfiles;

    public License(
            @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
            @FactField(required = true, skus = SkuGroup.LICENSE) Sku sku,
            @FactField(byDefault = "1", min = 1, max = FactLimits.UNITS, doc = "units") int quantity,
            @FactField(required = true, doc = "a date (00:00 UTC) or a date-time") Instant purchasedOn,
            @FactField(notBefore = "purchasedOn", doc = "last day of the term") LocalDate endsOn,
            @FactField(byDefault = "WEB_DIRECT") Channel channel,
            @FactField(byDefault = "true", doc = "listed among the tenant's products") boolean onTenant,
            @FactField(byDefault = "true", doc = "reflected on the quota limits page") boolean inQuota,
            @FactField(onlyWithSku = SkuGroup.MARKETING_STANDALONE, byDefault = "0", min = 0, max = FactLimits.PEOPLE)
            long includedContacts,
            @FactField(onlyWithSku = SkuGroup.CI_STANDALONE, byDefault = "0", min = 0, max = FactLimits.PEOPLE)
            long includedProfiles) {
        super(id, sku, purchasedOn, endsOn, channel, onTenant, inQuota);
        this.quantity = quantity;
        this.includedContacts = includedContacts;
        this.includedProfiles = includedProfiles;
    }

    @Override
    protected String collection() { return "licenses"; }

    public int getQuantity() { return quantity; }
    public long getIncludedContacts() { return includedContacts; }
    public long getIncludedProfiles() { return includedProfiles; }
}

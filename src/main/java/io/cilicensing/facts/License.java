package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;

/** A license fact (CONTRACT.md > licenses[]). */
public final class License extends Subscription {
    private final int quantity;
    private final long includedContacts;
    private final long includedProfiles;

    public License(String id, Sku sku, int quantity, Instant purchasedOn, LocalDate endsOn, Channel channel,
                   boolean onTenant, boolean inQuota, long includedContacts, long includedProfiles) {
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

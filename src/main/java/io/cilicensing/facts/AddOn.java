package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;

/** An add-on fact (the contract: addOns[]). {@code peoplePerPack} is 0 for SENDING_BURST_500K. */
public final class AddOn extends Subscription {
    private final Tier tier;
    private final int packs;
    private final long peoplePerPack;

    public AddOn(
            @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
            @FactField(required = true, skus = SkuGroup.ADD_ON) Sku sku,
            @FactField(onlyWithSku = SkuGroup.INTERACTED_PEOPLE) Tier tier,
            @FactField(byDefault = "1", min = 1, max = FactLimits.UNITS) int packs,
            @FactField(onlyWithSku = SkuGroup.PEOPLE_ADD_ON, requiredWithSku = true, byDefault = "0", min = 1,
                    max = FactLimits.PEOPLE_PER_PACK) long peoplePerPack,
            @FactField(required = true, doc = "a date (00:00 UTC) or a date-time") Instant purchasedOn,
            @FactField(notBefore = "purchasedOn", doc = "last day of the term") LocalDate endsOn,
            @FactField(byDefault = "WEB_DIRECT") Channel channel,
            @FactField(byDefault = "true") boolean onTenant,
            @FactField(byDefault = "true") boolean inQuota) {
        super(id, sku, purchasedOn, endsOn, channel, onTenant, inQuota);
        this.tier = tier;
        this.packs = packs;
        this.peoplePerPack = peoplePerPack;
    }

    @Override
    protected String collection() { return "addOns"; }

    public Tier getTier() { return tier; }
    public int getPacks() { return packs; }
    public long getPeoplePerPack() { return peoplePerPack; }
    /** packs × peoplePerPack. */
    public long getPeople() { return Math.multiplyExact((long) packs, peoplePerPack); }
}

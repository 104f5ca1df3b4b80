package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;

/** An add-on fact (CONTRACT.md > addOns[]). {@code peoplePerPack} is 0 for SENDING_BURST_500K. */
public final class AddOn extends Subscription {
    private final Tier tier;
    private final int packs;
    private final long peoplePerPack;

    public AddOn(String id, Sku sku, Tier tier, int packs, long peoplePerPack, Instant purchasedOn, LocalDate endsOn,
                 Channel channel, boolean onTenant, boolean inQuota) {
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
    public long getPeople() { return (long) packs * peoplePerPack; }
}

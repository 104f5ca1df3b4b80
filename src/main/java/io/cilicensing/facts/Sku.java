package io.cilicensing.facts;

/** Every product a tenant can hold or ask for: licenses first, then add-ons (the request contract). */
public enum Sku {
    CI_BASE(false), CI_BASE_ATTACH(false), MARKETING_STANDALONE(false), CI_STANDALONE(false),
    MARKETING_INSTANCE_ADDON(false), TRIAL(false),
    INTERACTED_PEOPLE(true), UNIFIED_PEOPLE(true), ACTIVE_CONTACTS_LEGACY(true), SENDING_BURST_500K(true);

    private final boolean addOn;

    Sku(boolean addOn) { this.addOn = addOn; }

    /** True for the add-on SKUs, which go in {@code addOns[]} rather than {@code licenses[]}. */
    public boolean isAddOn() { return addOn; }

    /** The add-on SKUs sold by the person: they need {@code peoplePerPack}. */
    public boolean isPeopleAddOn() {
        return this == INTERACTED_PEOPLE || this == UNIFIED_PEOPLE || this == ACTIVE_CONTACTS_LEGACY;
    }
}

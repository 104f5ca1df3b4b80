package io.cilicensing.facts;

import java.util.EnumSet;
import java.util.Set;

/** Sets of SKUs the request's shape refers to (which SKUs a field takes, or needs beside it). */
public enum SkuGroup {
    ANY(EnumSet.allOf(Sku.class), null),
    LICENSE(EnumSet.of(Sku.CI_BASE, Sku.CI_BASE_ATTACH, Sku.MARKETING_STANDALONE, Sku.CI_STANDALONE,
            Sku.MARKETING_INSTANCE_ADDON, Sku.TRIAL), "a license sku"),
    ADD_ON(EnumSet.of(Sku.INTERACTED_PEOPLE, Sku.UNIFIED_PEOPLE, Sku.ACTIVE_CONTACTS_LEGACY, Sku.SENDING_BURST_500K),
            "an add-on sku"),
    PEOPLE_ADD_ON(EnumSet.of(Sku.INTERACTED_PEOPLE, Sku.UNIFIED_PEOPLE, Sku.ACTIVE_CONTACTS_LEGACY), null),
    STANDALONE(EnumSet.of(Sku.MARKETING_STANDALONE, Sku.CI_STANDALONE), null),
    MARKETING_STANDALONE(EnumSet.of(Sku.MARKETING_STANDALONE), null),
    CI_STANDALONE(EnumSet.of(Sku.CI_STANDALONE), null),
    INTERACTED_PEOPLE(EnumSet.of(Sku.INTERACTED_PEOPLE), null);

    private final Set<Sku> skus;
    private final String phrase;

    SkuGroup(Set<Sku> skus, String phrase) {
        this.skus = skus;
        this.phrase = phrase;
    }

    public Set<Sku> skus() {
        return skus;
    }

    public boolean contains(Sku sku) {
        return skus.contains(sku);
    }

    /** "sku A, B or C", or a name for the group ("a license sku"). */
    public String phrase() {
        if (phrase != null) {
            return phrase;
        }
        StringBuilder sb = new StringBuilder("sku ");
        int i = 0;
        for (Sku s : Sku.values()) {
            if (skus.contains(s)) {
                sb.append(i == 0 ? "" : i == skus.size() - 1 ? " or " : ", ").append(s.name());
                i++;
            }
        }
        return sb.toString();
    }
}

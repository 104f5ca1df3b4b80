package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What licenses and add-ons have in common: when and how they were bought and whether the
 * tenant sees them. The flags {@code active}, {@code held}, {@code ended} and
 * {@code boughtBeforeCombinedOffer} start false and are set by the classification rules in
 * {@code rules/} (the definitions live there, not here).
 */
public abstract class Subscription {
    private final String id;
    private final Sku sku;
    private final Instant purchasedOn;
    private final LocalDate endsOn;
    private final Channel channel;
    private final boolean onTenant;
    private final boolean inQuota;
    private boolean active;
    private boolean held;
    private boolean ended;
    private boolean boughtBeforeCombinedOffer;

    protected Subscription(String id, Sku sku, Instant purchasedOn, LocalDate endsOn, Channel channel,
                           boolean onTenant, boolean inQuota) {
        this.id = id;
        this.sku = sku;
        this.purchasedOn = purchasedOn;
        this.endsOn = endsOn;
        this.channel = channel;
        this.onTenant = onTenant;
        this.inQuota = inQuota;
    }

    /** The flags the classification rules set, back to false as read: a fact set decided again starts afresh. */
    public void clearClassification() {
        active = false;
        held = false;
        ended = false;
        boughtBeforeCombinedOffer = false;
    }

    /** {@code licenses} or {@code addOns}: the list of the request this fact came from. */
    protected abstract String collection();

    public String getId() { return id; }
    public Sku getSku() { return sku; }
    public Instant getPurchasedOn() { return purchasedOn; }
    /** The UTC calendar date of {@link #getPurchasedOn()}. */
    public LocalDate getPurchasedDate() { return LocalDate.ofInstant(purchasedOn, ZoneOffset.UTC); }
    public LocalDate getEndsOn() { return endsOn; }
    public Channel getChannel() { return channel; }
    public boolean isOnTenant() { return onTenant; }
    public boolean isInQuota() { return inQuota; }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public boolean isHeld() { return held; }
    public void setHeld(boolean held) { this.held = held; }
    public boolean isEnded() { return ended; }
    public void setEnded(boolean ended) { this.ended = ended; }
    public boolean isBoughtBeforeCombinedOffer() { return boughtBeforeCombinedOffer; }
    public void setBoughtBeforeCombinedOffer(boolean before) { this.boughtBeforeCombinedOffer = before; }
    /** Whether the term has an end date ({@code endsOn}) after {@code day}. */
    public boolean endsAfter(LocalDate day) { return endsOn != null && endsOn.isAfter(day); }
    /** Whether the term has no end date. */
    public boolean isOpenEnded() { return endsOn == null; }
    /** The finding subject, e.g. {@code licenses/L1}. */
    public String getSubject() { return collection() + "/" + id; }

    @Override
    public String toString() {
        return getSubject() + " " + sku;
    }
}

package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * What licenses and add-ons have in common: when and how they were bought and whether the
 * tenant sees them. {@code active} and {@code held} start false and are set by the
 * classification rules in {@code rules/} (the definitions live there, not here).
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
    /** The finding subject, e.g. {@code licenses/L1}. */
    public String getSubject() { return collection() + "/" + id; }

    @Override
    public String toString() {
        return getSubject() + " " + sku;
    }
}

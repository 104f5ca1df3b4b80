package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.facts.UsageCounts;
import org.kie.api.definition.type.Modifies;

/** What the tenant uses, one fact per decision, counted by the rules (ENT-19, ENT-20, OUT-04, OUT-06). */
@JsonPropertyOrder({"interactedPeople", "unifiedPeople", "interactionsThisMonth", "outboundInstalls", "trialEnvironments"})
public final class UsageTotals {
    private long interactedPeople;
    private long unifiedPeople;
    private long interactionsThisMonth;
    private long outboundInstalls;
    private long trialEnvironments;

    /** Adds a usage object's counts; exact, so a sum past what a long holds throws instead of wrapping. */
    @Modifies({"interactedPeople", "unifiedPeople", "interactionsThisMonth"})
    public void add(UsageCounts counts) {
        interactedPeople = Math.addExact(interactedPeople, counts.interactedPeople());
        unifiedPeople = Math.addExact(unifiedPeople, counts.unifiedPeople());
        interactionsThisMonth = Math.addExact(interactionsThisMonth, counts.interactionsThisMonth());
    }

    /** Adds the counts of several usage objects, each as {@link #add}. */
    @Modifies({"interactedPeople", "unifiedPeople", "interactionsThisMonth"})
    public void addAll(java.util.List<?> counts) {
        for (Object c : counts) {
            add((UsageCounts) c);
        }
    }

    public long getInteractedPeople() { return interactedPeople; }
    public void setInteractedPeople(long v) { interactedPeople = v; }
    public long getUnifiedPeople() { return unifiedPeople; }
    public void setUnifiedPeople(long v) { unifiedPeople = v; }
    public long getInteractionsThisMonth() { return interactionsThisMonth; }
    public void setInteractionsThisMonth(long v) { interactionsThisMonth = v; }
    public long getOutboundInstalls() { return outboundInstalls; }
    public void setOutboundInstalls(long v) { outboundInstalls = v; }
    public long getTrialEnvironments() { return trialEnvironments; }
    public void setTrialEnvironments(long v) { trialEnvironments = v; }
}

package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.definition.type.Modifies;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The tenant's entitlements, one fact per decision, filled in by the rules: grant rules add to
 * the counters with {@link #grant}, later rules set the derived values with setters. Java
 * holds no quota; an entitlement no rule sets stays 0 or null.
 */
@JsonPropertyOrder({"interactedPeople", "unifiedPeople", "monthlyInteractions", "emailThroughput", "outboundInstalls",
        "trialEnvironments", "appInstalls", "dataverse", "basePriceUsdPerMonth", "legacyContacts"})
public final class Entitlements {
    private long interactedPeople;
    private long unifiedPeople;
    private long monthlyInteractions;
    private long legacyContacts;
    private long outboundInstalls;
    private long trialEnvironments;
    private EmailThroughput emailThroughput = new EmailThroughput(null, null);
    private String appInstalls;
    private final Dataverse dataverse = new Dataverse();
    private Integer basePriceUsdPerMonth;
    private final List<Grant> grants = new ArrayList<>();

    /**
     * Adds {@code amount} to a counted entitlement on behalf of the running rule.
     * {@code entitlement} is the answer's field name: interactedPeople, unifiedPeople,
     * legacyContacts, outboundInstalls, trialEnvironments, dataverse.interactedPeoplePacks or
     * dataverse.unifiedPeoplePacks.
     */
    @Modifies({"interactedPeople", "unifiedPeople", "legacyContacts", "outboundInstalls", "trialEnvironments",
            "dataverse"})
    public void grant(RuleContext ctx, String subject, String entitlement, long amount) {
        switch (entitlement) {
            case "interactedPeople" -> interactedPeople += amount;
            case "unifiedPeople" -> unifiedPeople += amount;
            case "legacyContacts" -> legacyContacts += amount;
            case "outboundInstalls" -> outboundInstalls += amount;
            case "trialEnvironments" -> trialEnvironments += amount;
            case "dataverse.interactedPeoplePacks" -> dataverse.interactedPeoplePacks += amount;
            case "dataverse.unifiedPeoplePacks" -> dataverse.unifiedPeoplePacks += amount;
            default -> throw new IllegalArgumentException("rule '" + ctx.getRule().getName()
                    + "' grants unknown entitlement '" + entitlement + "'");
        }
        grants.add(new Grant(entitlement, amount, subject, RuleRef.of(ctx).id()));
    }

    public long getInteractedPeople() { return interactedPeople; }
    public long getUnifiedPeople() { return unifiedPeople; }
    public long getMonthlyInteractions() { return monthlyInteractions; }
    public void setMonthlyInteractions(long monthlyInteractions) { this.monthlyInteractions = monthlyInteractions; }
    /** Contacts granted by legacy Marketing licenses and their add-ons (part of interactedPeople). */
    public long getLegacyContacts() { return legacyContacts; }
    public long getOutboundInstalls() { return outboundInstalls; }
    public long getTrialEnvironments() { return trialEnvironments; }
    public EmailThroughput getEmailThroughput() { return emailThroughput; }
    public void setEmailThroughput(EmailThroughput emailThroughput) { this.emailThroughput = emailThroughput; }
    public String getAppInstalls() { return appInstalls; }
    public void setAppInstalls(String appInstalls) { this.appInstalls = appInstalls; }
    public Dataverse getDataverse() { return dataverse; }
    @JsonIgnore // in the answer as dataverse.baseGrants; this property is for the rules
    public int getDataverseBaseGrants() { return dataverse.baseGrants; }
    public void setDataverseBaseGrants(int baseGrants) { dataverse.baseGrants = baseGrants; }
    public Integer getBasePriceUsdPerMonth() { return basePriceUsdPerMonth; }
    public void setBasePriceUsdPerMonth(Integer basePriceUsdPerMonth) { this.basePriceUsdPerMonth = basePriceUsdPerMonth; }
    @JsonIgnore
    public List<Grant> getGrants() { return grants; }

    /** Email sending throughput: null messages per hour means the standard rate. */
    public record EmailThroughput(Long messagesPerHour, String basis) {}

    /** Dataverse capacity grants. */
    @JsonPropertyOrder({"baseGrants", "interactedPeoplePacks", "unifiedPeoplePacks"})
    public static final class Dataverse {
        private int baseGrants;
        private long interactedPeoplePacks;
        private long unifiedPeoplePacks;

        public int getBaseGrants() { return baseGrants; }
        public long getInteractedPeoplePacks() { return interactedPeoplePacks; }
        public long getUnifiedPeoplePacks() { return unifiedPeoplePacks; }
    }
}

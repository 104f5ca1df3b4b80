package io.cilicensing.report;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.facts.App;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.kie.api.definition.type.Modifies;

/**
 * The tenant's entitlements, one fact per decision, filled in by the rules: grant rules insert
 * {@link Grant}s, DEF-ENTITLEMENTS adds them up with {@link #addUp}, later rules set the
 * derived values with setters. Java
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
    private final Map<App, AppInstalls> appInstalls = new EnumMap<>(App.class);
    private final Dataverse dataverse = new Dataverse();
    private Integer basePriceUsdPerMonth;
    private final List<Grant> grants = new ArrayList<>();

    /**
     * Adds up the grants the rules made (DEF-ENTITLEMENTS), each to its entitlement, and keeps
     * them for the answer. Sums are exact: a total past what a {@code long} holds throws
     * {@link ArithmeticException} instead of wrapping (the request's bounds keep every valid
     * fact set far below it).
     */
    @Modifies({"interactedPeople", "unifiedPeople", "legacyContacts", "outboundInstalls", "trialEnvironments",
            "dataverse"})
    public void addUp(List<?> made) {
        for (Object o : made) {
            Grant g = (Grant) o;
            long amount = g.amount();
            switch (g.kind()) {
                case INTERACTED_PEOPLE -> interactedPeople = Math.addExact(interactedPeople, amount);
                case UNIFIED_PEOPLE -> unifiedPeople = Math.addExact(unifiedPeople, amount);
                case LEGACY_CONTACTS -> legacyContacts = Math.addExact(legacyContacts, amount);
                case OUTBOUND_INSTALLS -> outboundInstalls = Math.addExact(outboundInstalls, amount);
                case TRIAL_ENVIRONMENTS -> trialEnvironments = Math.addExact(trialEnvironments, amount);
                case DATAVERSE_INTERACTED_PEOPLE_PACKS ->
                        dataverse.interactedPeoplePacks = Math.addExact(dataverse.interactedPeoplePacks, amount);
                case DATAVERSE_UNIFIED_PEOPLE_PACKS ->
                        dataverse.unifiedPeoplePacks = Math.addExact(dataverse.unifiedPeoplePacks, amount);
            }
            grants.add(g);
        }
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
    /** JOURNEYS_REAL_TIME and DATA, each with its install limit (OUT-05). */
    public Map<App, AppInstalls> getAppInstalls() { return Collections.unmodifiableMap(appInstalls); }
    @Modifies({"appInstalls"})
    public void setAppInstalls(App app, AppInstalls installs) { appInstalls.put(app, installs); }
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

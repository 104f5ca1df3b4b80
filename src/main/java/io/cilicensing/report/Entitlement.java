package io.cilicensing.report;

/**
 * The counted entitlements a rule can grant to ({@link Entitlements#grant}). Naming one that does
 * not exist (a misspelt {@code Entitlement.INTERACTED_PEPOLE}) is a compile error of the rule
 * file, with its file and line, not a failure at run time.
 */
public enum Entitlement {
    INTERACTED_PEOPLE("interactedPeople"),
    UNIFIED_PEOPLE("unifiedPeople"),
    /** Contacts of legacy Marketing licenses and their add-ons (part of interactedPeople). */
    LEGACY_CONTACTS("legacyContacts"),
    OUTBOUND_INSTALLS("outboundInstalls"),
    TRIAL_ENVIRONMENTS("trialEnvironments"),
    DATAVERSE_INTERACTED_PEOPLE_PACKS("dataverse.interactedPeoplePacks"),
    DATAVERSE_UNIFIED_PEOPLE_PACKS("dataverse.unifiedPeoplePacks");

    private final String field;

    Entitlement(String field) {
        this.field = field;
    }

    /** Its name in the answer ({@code entitlements.interactedPeople}). */
    public String field() {
        return field;
    }
}

package io.cilicensing.facts;

import java.time.LocalDate;

/** The tenant the fact set describes (the contract: tenant). Geo codes are upper-cased. */
public record Tenant(
        @FactField(required = true, pattern = "[A-Za-z0-9._-]{1,128}",
                patternMessage = "must be 1-128 characters of A-Za-z0-9._-") String id,
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.GEO_LENGTH, pattern = FactLimits.GEO_PATTERN, patternMessage = FactLimits.GEO_MESSAGE, doc = "upper-cased; not an enum: an unknown geo is a finding") String homeGeo,
        @FactField(byDefault = "COMMERCIAL") Cloud cloud,
        @FactField(byDefault = "false") boolean multiGeo,
        @FactField(byDefault = "false", doc = "owns other qualifying Dynamics 365 apps") boolean qualifyingDynamicsApps,
        @FactField(doc = "when the tenant first ran outbound marketing") LocalDate outboundCustomerSince,
        @FactField(doc = "start of the current licensing agreement") LocalDate agreementStart,
        @FactField(byDefault = "false") boolean smsEnabled,
        @FactField(maxLength = FactLimits.TEXT_LENGTH) String smsProvider) {

    public String subject() {
        return "tenant";
    }

    /** Whether the start of the licensing agreement is given. */
    public boolean agreementStartKnown() {
        return agreementStart != null;
    }

    /** Whether an SMS provider is named (a blank name names none). */
    public boolean smsProviderNamed() {
        return smsProvider != null && !smsProvider.isBlank();
    }

    Tenant withHomeGeo(String geo) {
        return new Tenant(id, geo, cloud, multiGeo, qualifyingDynamicsApps, outboundCustomerSince, agreementStart,
                smsEnabled, smsProvider);
    }
}

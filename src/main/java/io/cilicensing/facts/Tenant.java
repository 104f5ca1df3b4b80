package io.cilicensing.facts;

import java.time.LocalDate;

/** The tenant the fact set describes (CONTRACT.md > tenant). Geo codes are upper-cased. */
public record Tenant(
        String id,
        String homeGeo,
        Cloud cloud,
        boolean multiGeo,
        boolean qualifyingDynamicsApps,
        LocalDate outboundCustomerSince,
        LocalDate agreementStart,
        boolean smsEnabled,
        String smsProvider) {

    public String subject() {
        return "tenant";
    }
}

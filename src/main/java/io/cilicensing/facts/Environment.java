package io.cilicensing.facts;

import java.util.Set;

/** An environment fact (the contract: environments[]). {@code geo} defaults to the tenant's home geo. */
public record Environment(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true,
                names = "environment") String id,
        @FactField(required = true) EnvironmentType type,
        @FactField(nonEmpty = true, maxLength = FactLimits.GEO_LENGTH, pattern = FactLimits.GEO_PATTERN, patternMessage = FactLimits.GEO_MESSAGE, doc = "upper-cased; default: tenant.homeGeo") String geo,
        @FactField(byDefault = "true", doc = "a CE environment, not plain Dataverse") boolean ceEnabled,
        @FactField(doc = "installed apps") Set<App> apps,
        @FactField(byDefault = "false") boolean runsJourneys,
        @FactField(maxLength = FactLimits.TEXT_LENGTH) String journeysVersion,
        @FactField(doc = "usage attributed to this environment") UsageCounts usage) {

    public String subject() {
        return "environments/" + id;
    }

    public boolean has(App app) {
        return apps.contains(app);
    }

    /** Whether the version of the Journeys app is given. */
    public boolean journeysVersionKnown() {
        return journeysVersion != null;
    }

    /** Whether this is a TRIAL environment. */
    public boolean trial() {
        return type == EnvironmentType.TRIAL;
    }

    Environment withGeo(String geo) {
        return new Environment(id, type, geo, ceEnabled, apps, runsJourneys, journeysVersion, usage);
    }
}

package io.cilicensing.facts;

/** DEPLOY: may this app be installed in a new environment of this type and geo? */
public record Deploy(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true) App app,
        @FactField(nonEmpty = true, maxLength = FactLimits.GEO_LENGTH, pattern = FactLimits.GEO_PATTERN, patternMessage = FactLimits.GEO_MESSAGE, doc = "upper-cased; default: tenant.homeGeo") String geo,
        @FactField(byDefault = "PRODUCTION") EnvironmentType environmentType,
        @FactField(byDefault = "true", doc = "a CE environment (an org with Dynamics 365 apps)") boolean ceEnabled)
        implements Request {

    /** Whether the new environment is a TRIAL environment. */
    public boolean trial() {
        return environmentType == EnvironmentType.TRIAL;
    }

    Deploy withGeo(String geo) {
        return new Deploy(id, app, geo, environmentType, ceEnabled);
    }
}

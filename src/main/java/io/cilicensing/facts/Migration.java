package io.cilicensing.facts;

/** MIGRATION: may the tenant move from one geo to another? Geo codes are upper-cased on input. */
public record Migration(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.GEO_LENGTH, pattern = FactLimits.GEO_PATTERN, patternMessage = FactLimits.GEO_MESSAGE) String sourceGeo,
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.GEO_LENGTH, pattern = FactLimits.GEO_PATTERN, patternMessage = FactLimits.GEO_MESSAGE) String targetGeo)
        implements Request {
}

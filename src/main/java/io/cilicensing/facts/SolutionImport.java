package io.cilicensing.facts;

/** SOLUTION_IMPORT: importing a solution from one environment into another. */
public record SolutionImport(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String sourceEnvironmentId,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String targetEnvironmentId)
        implements ContentTransfer {
}

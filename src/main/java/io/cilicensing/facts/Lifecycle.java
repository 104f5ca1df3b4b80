package io.cilicensing.facts;

/** LIFECYCLE: copy, backup or restore from one environment to another. */
public record Lifecycle(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true) LifecycleOperation operation,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String sourceEnvironmentId,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String targetEnvironmentId)
        implements BetweenEnvironments {
}

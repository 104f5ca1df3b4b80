package io.cilicensing.facts;

/** A request about two environments of the fact set, a source and a target: LIFECYCLE, SOLUTION_IMPORT, DATA_TRANSFER. */
public sealed interface BetweenEnvironments extends Request permits Lifecycle, ContentTransfer {
    String sourceEnvironmentId();

    String targetEnvironmentId();
}

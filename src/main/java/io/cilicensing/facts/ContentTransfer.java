package io.cilicensing.facts;

/**
 * A request that moves content (a solution, or data) from one environment of the fact set to
 * another: SOLUTION_IMPORT and DATA_TRANSFER.
 */
public sealed interface ContentTransfer extends Request permits SolutionImport, DataTransfer {
    String sourceEnvironmentId();

    String targetEnvironmentId();
}

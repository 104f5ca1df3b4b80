package io.cilicensing.facts;

/**
 * A request that moves content (a solution, or data) from one environment of the fact set to
 * another: SOLUTION_IMPORT and DATA_TRANSFER.
 */
public sealed interface ContentTransfer extends BetweenEnvironments permits SolutionImport, DataTransfer {
}

package io.cilicensing.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.cilicensing.report.DecisionReport;
import io.cilicensing.web.ApiError;

/**
 * The answer for one item of a batch: {@code index} (0-based position of the item in the batch),
 * {@code status} (what a single decision of that fact set would have answered), and either the
 * decision {@code report} (200) or the {@code error} body of the error contract (README > Errors).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"index", "status", "report", "error"})
public record BatchResult(int index, int status, DecisionReport report, ApiError error) {
    static BatchResult decided(int index, DecisionReport report) {
        return new BatchResult(index, 200, report, null);
    }

    static BatchResult failed(int index, int status, ApiError error) {
        return new BatchResult(index, status, null, error);
    }
}

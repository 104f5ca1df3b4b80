package io.cilicensing.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.cilicensing.facts.Violation;
import java.util.List;

/**
 * The error body of the error contract (README > Errors). {@code rules} names the looping rules of
 * RULES_DID_NOT_SETTLE, the failing rule of RULE_FAILED, and the rule a decision was running when
 * it passed its time budget (DECISION_TIMEOUT), when known.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, List<Violation> violations, List<String> rules) {
    public static ApiError of(String error, String message) {
        return new ApiError(error, message, List.of(), null);
    }

    public static ApiError of(ErrorCode error, String message) {
        return of(error.name(), message);
    }
}

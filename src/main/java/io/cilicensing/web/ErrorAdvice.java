package io.cilicensing.web;

import io.cilicensing.engine.DecisionUnavailableException;
import io.cilicensing.engine.NoRulesetException;
import io.cilicensing.engine.RuleFailedException;
import io.cilicensing.engine.RulesDidNotSettleException;
import io.cilicensing.facts.BadFactsException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Maps failures to the error bodies of CONTRACT.md > Errors. Bad input is a 4xx, never a 5xx. */
@RestControllerAdvice
public class ErrorAdvice {
    private static final Logger log = LoggerFactory.getLogger(ErrorAdvice.class);

    /**
     * The answer to a fact set that could not be decided: bad facts (400, 413), a ruleset
     * failure (500) or no decision in time (503). The same mapping serves single decisions and batch items.
     */
    public static ResponseEntity<ApiError> decisionError(RuntimeException e) {
        if (e instanceof BadFactsException bad) {
            HttpStatus status = "TOO_LARGE".equals(bad.error()) ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
            return ResponseEntity.status(status).body(new ApiError(bad.error(), bad.getMessage(), bad.violations(), null));
        }
        if (e instanceof RulesDidNotSettleException loop) {
            log.error("decision stopped: {}", loop.getMessage());
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(new ApiError(RulesDidNotSettleException.CODE, loop.getMessage(), List.of(), loop.rules()));
        }
        if (e instanceof RuleFailedException failed) {
            log.error("decision stopped: {}", failed.getMessage(), failed);
            return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                    .body(new ApiError(RuleFailedException.CODE, failed.getMessage(), List.of(), List.of(failed.rule())));
        }
        if (e instanceof DecisionUnavailableException unavailable) {
            log.warn("decision not made: {}", unavailable.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .body(ApiError.of(unavailable.code(), unavailable.getMessage()));
        }
        log.error("decision failed unexpectedly", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiError.of("INTERNAL_ERROR", "the decision failed unexpectedly: " + e));
    }

    @ExceptionHandler({BadFactsException.class, RulesDidNotSettleException.class, RuleFailedException.class,
            DecisionUnavailableException.class})
    ResponseEntity<ApiError> notDecided(RuntimeException e) {
        return decisionError(e);
    }

    @ExceptionHandler(AdminGuard.AdminAccessException.class)
    ResponseEntity<ApiError> adminRefused(AdminGuard.AdminAccessException e) {
        return ResponseEntity.status(e.status).body(ApiError.of(
                e.status == HttpStatus.FORBIDDEN ? "ADMIN_DISABLED" : "UNAUTHORIZED", e.getMessage()));
    }

    @ExceptionHandler(RulesetController.InvalidValidateRequest.class)
    ResponseEntity<ApiError> invalidValidate(RulesetController.InvalidValidateRequest e) {
        return ResponseEntity.badRequest().body(new ApiError("INVALID_REQUEST", e.getMessage(), e.violations, null));
    }

    @ExceptionHandler(NoRulesetException.class)
    ResponseEntity<ApiError> noRuleset(NoRulesetException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(ApiError.of("NO_RULESET", e.getMessage()));
    }
}

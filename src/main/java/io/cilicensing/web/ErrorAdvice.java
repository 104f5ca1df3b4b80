package io.cilicensing.web;

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

    @ExceptionHandler(BadFactsException.class)
    ResponseEntity<ApiError> badFacts(BadFactsException e) {
        HttpStatus status = "TOO_LARGE".equals(e.error()) ? HttpStatus.PAYLOAD_TOO_LARGE : HttpStatus.BAD_REQUEST;
        return ResponseEntity.status(status).body(new ApiError(e.error(), e.getMessage(), e.violations(), null));
    }

    @ExceptionHandler(RulesDidNotSettleException.class)
    ResponseEntity<ApiError> notSettled(RulesDidNotSettleException e) {
        log.error("decision stopped: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("RULES_DID_NOT_SETTLE", e.getMessage(), List.of(), e.rules()));
    }

    @ExceptionHandler(RuleFailedException.class)
    ResponseEntity<ApiError> ruleFailed(RuleFailedException e) {
        log.error("decision stopped: {}", e.getMessage(), e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError("RULE_FAILED", e.getMessage(), List.of(), List.of(e.rule())));
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

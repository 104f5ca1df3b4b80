package io.cilicensing.web;

import io.cilicensing.engine.DecisionTimeoutException;
import io.cilicensing.engine.DecisionUnavailableException;
import io.cilicensing.engine.NoRulesetException;
import io.cilicensing.engine.RuleFailedException;
import io.cilicensing.engine.RulesDidNotSettleException;
import io.cilicensing.facts.BadFactsException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.coyote.BadRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps failures to the error bodies of the error contract (README > Errors) ({@link ErrorCode} holds every code
 * with its status). Bad input is a 4xx, never a 5xx; messages say what to change, never name a
 * library class. Every answer is {@code application/json} whatever the request's Accept header.
 */
@RestControllerAdvice
public class ErrorAdvice extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorAdvice.class);

    /** The error answer: {@code code}'s status, a JSON body, the extra headers (e.g. Allow). */
    public static ResponseEntity<ApiError> answer(ErrorCode code, ApiError body, HttpHeaders headers) {
        return ResponseEntity.status(code.status()).headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    public static ResponseEntity<ApiError> answer(ErrorCode code, String message) {
        return answer(code, ApiError.of(code, message), HttpHeaders.EMPTY);
    }

    /**
     * The answer to a fact set that could not be decided: bad facts (400, 413), a ruleset
     * failure (500), no decision in time (503), or a failure of the service (500 INTERNAL_ERROR,
     * out of memory included). The same mapping serves single decisions and batch items.
     */
    public static ResponseEntity<ApiError> decisionError(Throwable e) {
        if (e instanceof BadFactsException bad) {
            ErrorCode code = ErrorCode.named(bad.error());
            return answer(code, new ApiError(bad.error(), bad.getMessage(), bad.violations(), null), HttpHeaders.EMPTY);
        }
        if (e instanceof RulesDidNotSettleException loop) {
            log.error("decision stopped: {}", loop.getMessage());
            return answer(ErrorCode.RULES_DID_NOT_SETTLE, new ApiError(RulesDidNotSettleException.CODE, loop.getMessage(),
                    List.of(), loop.rules()), HttpHeaders.EMPTY);
        }
        if (e instanceof RuleFailedException failed) {
            log.error("decision stopped: {}", failed.getMessage(), failed);
            return answer(ErrorCode.RULE_FAILED, new ApiError(RuleFailedException.CODE, failed.getMessage(), List.of(),
                    List.of(failed.rule())), HttpHeaders.EMPTY);
        }
        if (e instanceof DecisionTimeoutException timeout && timeout.rule() != null) {
            log.warn("decision not made: {}", timeout.getMessage());
            return answer(ErrorCode.DECISION_TIMEOUT, new ApiError(DecisionTimeoutException.CODE, timeout.getMessage(),
                    List.of(), List.of(timeout.rule())), HttpHeaders.EMPTY);
        }
        if (e instanceof DecisionUnavailableException unavailable) {
            log.warn("decision not made: {}", unavailable.getMessage());
            return answer(ErrorCode.named(unavailable.code()), unavailable.getMessage());
        }
        log.error("decision failed unexpectedly", e);
        return internalError(e);
    }

    /** 500 INTERNAL_ERROR for a failure of the service; the caller is told to look at nothing internal. */
    static ResponseEntity<ApiError> internalError(Throwable e) {
        return answer(ErrorCode.INTERNAL_ERROR, e instanceof OutOfMemoryError
                ? "the service ran out of memory answering this request; retry later, or send a smaller request"
                : "the request failed unexpectedly; the service log has the details");
    }

    @ExceptionHandler({BadFactsException.class, RulesDidNotSettleException.class, RuleFailedException.class,
            DecisionUnavailableException.class})
    ResponseEntity<ApiError> notDecided(RuntimeException e) {
        return decisionError(e);
    }

    @ExceptionHandler(RequestRefusedException.class)
    ResponseEntity<ApiError> refused(RequestRefusedException e) {
        return answer(e.code(), e.getMessage());
    }

    @ExceptionHandler(AdminGuard.AdminAccessException.class)
    ResponseEntity<ApiError> adminRefused(AdminGuard.AdminAccessException e) {
        return answer(e.status == HttpStatus.FORBIDDEN ? ErrorCode.ADMIN_DISABLED : ErrorCode.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(RulesetController.InvalidValidateRequest.class)
    ResponseEntity<ApiError> invalidValidate(RulesetController.InvalidValidateRequest e) {
        return answer(ErrorCode.INVALID_REQUEST, new ApiError(ErrorCode.INVALID_REQUEST.name(), e.getMessage(),
                e.violations, null), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(NoRulesetException.class)
    ResponseEntity<ApiError> noRuleset(NoRulesetException e) {
        return answer(ErrorCode.NO_RULESET, e.getMessage());
    }

    /**
     * Spring's own refusals (404, 405, 406, 415, 400 for a body or parameter an endpoint cannot
     * read, ...), with their headers (Allow, Accept): the code of their status, our message.
     */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest webRequest) {
        HttpServletRequest request = ((ServletWebRequest) webRequest).getRequest();
        HttpServletResponse response = ((ServletWebRequest) webRequest).getResponse();
        if (response != null && response.isCommitted()) {
            return null;
        }
        ErrorCode code = ErrorCode.forStatus(status.value());
        log.debug("{} {} answered {}: {}", request.getMethod(), request.getRequestURI(), status, e.toString());
        HttpHeaders out = new HttpHeaders();
        if (headers != null) {
            headers.forEach(out::addAll);
        }
        return ResponseEntity.status(code.status()).headers(out).contentType(MediaType.APPLICATION_JSON)
                .body(ApiError.of(code, message(e, code, request)));
    }

    /**
     * Everything else: a client that ended its request early (400, logged as such), any failure
     * of the service (500 INTERNAL_ERROR, logged), out-of-memory included: the request that hit
     * it gets a JSON 500 and the service goes on.
     */
    @ExceptionHandler(Throwable.class)
    ResponseEntity<ApiError> other(Throwable e, HttpServletRequest request, HttpServletResponse response) {
        if (clientGone(e)) {
            log.info("{} {}: the client ended the request early ({})", request.getMethod(), request.getRequestURI(),
                    e.toString());
            return response.isCommitted() ? null : answer(ErrorCode.BAD_REQUEST,
                    "the request body is not complete HTTP (shorter than its Content-Length, a chunk header that is"
                            + " not one, or no last chunk)");
        }
        Throwable cause = rootError(e);
        if (response.isCommitted()) {
            log.error("{} {} failed after its answer had started; the connection is closed",
                    request.getMethod(), request.getRequestURI(), cause);
            return null;
        }
        log.error("{} {} failed unexpectedly; answered 500, the service goes on", request.getMethod(),
                request.getRequestURI(), cause);
        return internalError(cause);
    }

    /**
     * The client closed or cut its request, or sent a body that is not valid HTTP: reading the
     * body met its end too early, or a chunk header that is not one.
     */
    static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ClientAbortException || t instanceof EOFException || t instanceof BadRequestException) {
                return true;
            }
        }
        return false;
    }

    /** The Error a servlet exception wraps (Spring wraps an Error thrown by a handler), else {@code e}. */
    private static Throwable rootError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Error) {
                return t;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return e;
    }

    /** What the caller should change, in our words (Spring's messages name its own types). */
    static String message(Throwable e, ErrorCode code, HttpServletRequest request) {
        if (e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException) {
            return "nothing is served at " + shortened(request.getRequestURI())
                    + "; the endpoints are listed in the OpenAPI document at /v3/api-docs";
        }
        if (e instanceof HttpRequestMethodNotSupportedException m) {
            Set<HttpMethod> allowed = m.getSupportedHttpMethods();
            return "method " + shortened(m.getMethod()) + " is not allowed on " + shortened(request.getRequestURI())
                    + (allowed == null || allowed.isEmpty() ? ""
                    : "; allowed: " + allowed.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof HttpMediaTypeNotSupportedException m) {
            String types = m.getSupportedMediaTypes().stream().map(t -> t.getType() + "/" + t.getSubtype())
                    .collect(Collectors.joining(" or "));
            String given = request.getContentType();
            return (given == null ? "the request has no Content-Type" : "Content-Type '" + shortened(given)
                    + "' is not accepted here") + "; send the body as " + types;
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return "this endpoint answers application/json, which the request's Accept header does not allow";
        }
        if (e instanceof HttpMessageNotReadableException || e instanceof TypeMismatchException) {
            return "the request's body or parameters are not what this endpoint takes";
        }
        return switch (code) {
            case NOT_FOUND -> "nothing is served at " + shortened(request.getRequestURI());
            case SERVICE_UNAVAILABLE -> "the service cannot take this request now; retry later";
            default -> code.status().value() < 500 ? "the request is not valid here ("
                    + code.status().getReasonPhrase() + ")" : "the request failed unexpectedly";
        };
    }

    static String shortened(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}

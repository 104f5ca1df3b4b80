package io.cilicensing.web;

import org.springframework.http.HttpStatus;

/**
 * Every error code the service answers, with its HTTP status: the one place codes and statuses
 * are written (README > Endpoints, the error table). A body is always {@link ApiError}.
 */
public enum ErrorCode {
    /** Not JSON, or not the JSON shape a fact set or batch has (with line and column). */
    MALFORMED_JSON(HttpStatus.BAD_REQUEST),
    /** JSON that is not a valid fact set; every violation with its path. */
    INVALID_FACTS(HttpStatus.BAD_REQUEST),
    /** An admin request body that is not what the endpoint takes. */
    INVALID_REQUEST(HttpStatus.BAD_REQUEST),
    /**
     * Not valid HTTP, or HTTP the server does not do (another HTTP version, an unknown
     * Transfer-Encoding, CONNECT, an Expect other than 100-continue), refused before any
     * endpoint saw it; also a body that ended before its announced length.
     */
    BAD_REQUEST(HttpStatus.BAD_REQUEST),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED),
    ADMIN_DISABLED(HttpStatus.FORBIDDEN),
    /** A cross-origin request or preflight (the service allows no other origin). */
    CORS_REFUSED(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    /** An apply whose edit started from a version that is no longer live (someone else changed the rules). */
    STALE_BASE_VERSION(HttpStatus.CONFLICT),
    TOO_LARGE(HttpStatus.PAYLOAD_TOO_LARGE),
    /** A Content-Type, charset or Content-Encoding the endpoint does not take. */
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    RULES_DID_NOT_SETTLE(HttpStatus.INTERNAL_SERVER_ERROR),
    RULE_FAILED(HttpStatus.INTERNAL_SERVER_ERROR),
    /** Anything else that went wrong inside the service, out of memory included; the log has the details. */
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    NO_RULESET(HttpStatus.SERVICE_UNAVAILABLE),
    DECISION_TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE),
    DECISION_THREADS_EXHAUSTED(HttpStatus.SERVICE_UNAVAILABLE),
    /** The server itself cannot take this request now (not normally seen: no endpoint answers it). */
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /**
     * The code for an error status the server or Spring produced without one of ours: the code
     * of that status, or BAD_REQUEST / INTERNAL_ERROR for another 4xx / 5xx. What a client
     * caused is never a 5xx: Tomcat's 501 (not implemented: an unknown Transfer-Encoding,
     * CONNECT) and 505 (HTTP version not supported) are BAD_REQUEST. The answer carries the
     * code's status, so the status and the code always agree.
     */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400, 501, 505 -> BAD_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status < 500 ? BAD_REQUEST : INTERNAL_ERROR;
        };
    }

    /** The code named {@code name} (a code carried as a string, e.g. by BadFactsException). */
    public static ErrorCode named(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException e) {
            return INTERNAL_ERROR;
        }
    }
}

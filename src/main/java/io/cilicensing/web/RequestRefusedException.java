package io.cilicensing.web;

/** A request refused before its body is decided (e.g. 415 for a body that is not UTF-8 JSON). */
public final class RequestRefusedException extends RuntimeException {
    private final ErrorCode code;

    public RequestRefusedException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}

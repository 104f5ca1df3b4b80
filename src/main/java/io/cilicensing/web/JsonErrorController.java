package io.cilicensing.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of the servlet container ({@code /error}): replaces Spring Boot's (its JSON, or
 * its "Whitelabel" HTML page) with the error JSON for whatever reaches it, e.g. a failure in a
 * filter before any endpoint. Requested directly, {@code /error} is not an endpoint: 404.
 */
@RestController
public class JsonErrorController implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(JsonErrorController.class);

    @RequestMapping("${server.error.path:${error.path:/error}}")
    public ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (!(status instanceof Integer code) || code < 400) {
            return ErrorAdvice.answer(ErrorCode.NOT_FOUND, "nothing is served at /error");
        }
        ErrorCode error = ErrorCode.forStatus(code);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (ErrorAdvice.clientGone(failure)) {
            log.info("{} {}: the client ended the request early ({})", request.getMethod(), uri, failure.toString());
            error = ErrorCode.BAD_REQUEST;
        } else if (failure != null) {
            log.error("{} {} failed before reaching an endpoint", request.getMethod(), uri, failure);
        }
        return ErrorAdvice.answer(error, JsonErrorReportValve.message(code, error, failure));
    }
}

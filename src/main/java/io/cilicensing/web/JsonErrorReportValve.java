package io.cilicensing.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;

/**
 * Tomcat's error report, as the error JSON instead of an HTML page: what the server answers
 * itself, before (or without) any endpoint, e.g. 400 for a request line or header that is not
 * valid HTTP, an encoded '/' ({@code %2f}) in the path or a negative Content-Length; Tomcat's
 * 501 (an unknown Transfer-Encoding, CONNECT), 505 (another HTTP version) and 417 (an Expect
 * other than 100-continue) become 400 BAD_REQUEST ({@link ErrorCode#forStatus}). Tomcat's own
 * message is not passed on (it names its internals).
 */
public class JsonErrorReportValve extends ErrorReportValve {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        // As Tomcat's own valve: nothing for a non-error, for an answer already written, or twice.
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ErrorCode code = ErrorCode.forStatus(status);
        try {
            byte[] body = JSON.writeValueAsBytes(ApiError.of(code, message(status, code, throwable)));
            response.setStatus(code.status().value());
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            PrintWriter writer = response.getReporter();
            if (writer != null) {
                writer.write(new String(body, java.nio.charset.StandardCharsets.UTF_8));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the answer could not be written: nothing more to do
        }
    }

    /** The message for an error the server answered with {@code status} (mapped to {@code code}). */
    static String message(int status, ErrorCode code, Throwable throwable) {
        if (status == 501) {
            return "the server does not do this: a Transfer-Encoding other than chunked, or the CONNECT method";
        }
        if (status == 505) {
            return "this HTTP version is not supported: use HTTP/1.1";
        }
        if (status == 417) {
            return "the only Expect the server takes is 100-continue";
        }
        return switch (code) {
            case BAD_REQUEST -> "the request is not valid HTTP: check the request line, the headers (a Content-Length"
                    + " must be a single non-negative number) and the path (no encoded '/' or '\\', no control"
                    + " characters), and that the body is as long as announced";
            case NOT_FOUND -> "nothing is served at this path";
            case METHOD_NOT_ALLOWED -> "this method is not allowed here";
            case TOO_LARGE -> "the request is larger than the server takes";
            case SERVICE_UNAVAILABLE -> "the service cannot take this request now; retry later";
            default -> throwable instanceof OutOfMemoryError
                    ? "the service ran out of memory answering this request; retry later, or send a smaller request"
                    : code.status().value() < 500 ? "the request is not valid here" : "the request failed unexpectedly";
        };
    }
}

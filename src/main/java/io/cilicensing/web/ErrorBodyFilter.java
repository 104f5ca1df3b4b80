package io.cilicensing.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import jakarta.servlet.ServletOutputStream;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * An error status answered without a body gets the error JSON: what an endpoint of a library
 * answers with a status alone, e.g. the actuator's 404 for a health component or group that does
 * not exist ({@code /actuator/health/nope}, {@code /actuator/health/..;/env}: the path parameter
 * is dropped, the {@code ..} is not resolved, and the actuator looks for a component named
 * {@code ..}). The answer is held back while it is an error with nothing written (a flush then
 * does not commit it); once the request is through, such an answer gets the code of its status
 * and its message ({@link JsonErrorReportValve#message}). An answer with a body, one sent with
 * {@code sendError} (the container's error page, {@link JsonErrorController}, writes it) and an
 * asynchronous one are left as they are.
 */
public final class ErrorBodyFilter extends OncePerRequestFilter {
    private final ObjectMapper json;

    public ErrorBodyFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Watched watched = new Watched(response);
        chain.doFilter(request, watched);
        if (request.isAsyncStarted() || watched.bodyTaken || watched.errorSent || response.isCommitted()
                || response.getStatus() < 400) {
            watched.flushIfHeld();
            return;
        }
        int status = response.getStatus();
        ErrorCode code = ErrorCode.forStatus(status);
        byte[] body = json.writeValueAsBytes(ApiError.of(code, JsonErrorReportValve.message(status, code, null)));
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return true;
    }

    /** The response, noting whether a body was started or an error sent, and holding back an empty error's flush. */
    private static final class Watched extends HttpServletResponseWrapper {
        boolean bodyTaken;
        boolean errorSent;
        boolean flushHeld;

        Watched(HttpServletResponse response) {
            super(response);
        }

        private boolean emptyError() {
            return !bodyTaken && !errorSent && getStatus() >= 400;
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyTaken = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyTaken = true;
            return super.getWriter();
        }

        @Override
        public void sendError(int sc, String msg) throws IOException {
            errorSent = true;
            super.sendError(sc, msg);
        }

        @Override
        public void sendError(int sc) throws IOException {
            errorSent = true;
            super.sendError(sc);
        }

        @Override
        public void flushBuffer() throws IOException {
            if (emptyError()) {
                flushHeld = true; // committing now would leave no room for the error JSON
                return;
            }
            super.flushBuffer();
        }

        @Override
        public void setContentLength(int len) {
            if (!(len == 0 && emptyError())) {
                super.setContentLength(len);
            }
        }

        @Override
        public void setContentLengthLong(long len) {
            if (!(len == 0 && emptyError())) {
                super.setContentLengthLong(len);
            }
        }

        void flushIfHeld() throws IOException {
            if (flushHeld && !isCommitted()) {
                super.flushBuffer();
            }
        }
    }
}

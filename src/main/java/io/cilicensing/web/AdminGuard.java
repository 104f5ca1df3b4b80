package io.cilicensing.web;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Admin endpoints need {@code Authorization: Bearer <token>}, the token being
 * {@code rules.admin-token} or the environment variable {@code RULES_ADMIN_TOKEN}. With no
 * token configured they are closed.
 */
@Component
public class AdminGuard {
    private final byte[] token;

    public AdminGuard(@Value("${rules.admin-token:${RULES_ADMIN_TOKEN:}}") String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    void check(HttpServletRequest request) {
        if (token == null) {
            throw new AdminAccessException(HttpStatus.FORBIDDEN, "the admin endpoints are closed: start the service "
                    + "with the environment variable RULES_ADMIN_TOKEN (or --rules.admin-token=...) set to a secret, "
                    + "then send 'Authorization: Bearer <that secret>'");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw new AdminAccessException(HttpStatus.UNAUTHORIZED, "send 'Authorization: Bearer <admin token>'");
        }
        byte[] given = header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(token, given)) {
            throw new AdminAccessException(HttpStatus.UNAUTHORIZED, "the admin token is not right");
        }
    }

    /** Access to an admin endpoint refused. */
    static final class AdminAccessException extends RuntimeException {
        final HttpStatus status;

        AdminAccessException(HttpStatus status, String message) {
            super(message);
            this.status = status;
        }
    }
}

package io.cilicensing.web;

import io.cilicensing.Sha256;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Admin endpoints need {@code Authorization: Bearer <token>}, the token being
 * {@code rules.admin-token} or the environment variable {@code RULES_ADMIN_TOKEN} (named
 * {@value #DEFAULT_NAME}), or one of the named tokens of {@code rules.admin-tokens}
 * ({@code name=token,name=token}), so that the ruleset history can say who applied a change. With
 * no token configured they are closed.
 */
@Component
public class AdminGuard {
    /** The name of the single token of {@code rules.admin-token}. */
    public static final String DEFAULT_NAME = "admin";

    private record Token(String name, byte[] digest) {}

    private final List<Token> tokens;

    public AdminGuard(@Value("${rules.admin-token:${RULES_ADMIN_TOKEN:}}") String token,
                      @Value("${rules.admin-tokens:${RULES_ADMIN_TOKENS:}}") String named) {
        List<Token> all = new ArrayList<>();
        if (token != null && !token.isBlank()) {
            all.add(new Token(DEFAULT_NAME, digest(token.strip())));
        }
        if (named != null) {
            for (String item : named.split(",")) {
                if (item.isBlank()) {
                    continue;
                }
                int eq = item.indexOf('=');
                if (eq <= 0 || eq == item.length() - 1 || item.substring(eq + 1).isBlank()) {
                    throw new IllegalArgumentException("rules.admin-tokens takes name=token pairs separated by commas; "
                            + "'" + item.substring(0, Math.max(0, eq)).strip() + "' has no token");
                }
                all.add(new Token(item.substring(0, eq).strip(), digest(item.substring(eq + 1).strip())));
            }
        }
        this.tokens = List.copyOf(all);
    }

    /** Refuses the request unless it carries an admin token; answers the token's name. */
    String check(HttpServletRequest request) {
        if (tokens.isEmpty()) {
            throw new AdminAccessException(HttpStatus.FORBIDDEN, "the admin endpoints are closed: start the service "
                    + "with the environment variable RULES_ADMIN_TOKEN (or --rules.admin-token=...) set to a secret, "
                    + "then send 'Authorization: Bearer <that secret>'");
        }
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            throw new AdminAccessException(HttpStatus.UNAUTHORIZED, "send 'Authorization: Bearer <admin token>'");
        }
        byte[] given = digest(header.substring("Bearer ".length()).strip());
        String name = null;
        for (Token t : tokens) {
            if (MessageDigest.isEqual(t.digest(), given) && name == null) { // every token compared, no early exit
                name = t.name();
            }
        }
        if (name == null) {
            throw new AdminAccessException(HttpStatus.UNAUTHORIZED, "the admin token is not right");
        }
        return name;
    }

    private static byte[] digest(String token) {
        return Sha256.of(token.getBytes(StandardCharsets.UTF_8));
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

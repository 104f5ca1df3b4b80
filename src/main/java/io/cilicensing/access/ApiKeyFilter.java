package io.cilicensing.access;

import io.cilicensing.Sha256;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cilicensing.web.ApiError;
import io.cilicensing.web.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * With API keys configured (none: the filter lets everything through), a request to the decision endpoints must carry one of them as
 * {@code X-API-Key}; otherwise it is answered 401 UNAUTHORIZED before its body is read. Keys
 * are compared as SHA-256 digests with {@link MessageDigest#isEqual}, against every key, so the
 * time taken says nothing about how much of a key was right.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {
    public static final String HEADER = "X-API-Key";

    private final List<byte[]> keyDigests;
    private final byte[] unauthorizedBody;

    public ApiKeyFilter(List<String> keys, ObjectMapper json) throws IOException {
        this.keyDigests = keys.stream().map(ApiKeyFilter::digest).toList();
        this.unauthorizedBody = json.writeValueAsBytes(ApiError.of(ErrorCode.UNAUTHORIZED,
                "send header " + HEADER + " with a key the service is configured with (decisions.api-keys)"));
    }

    /** The configured keys: comma-separated, blanks ignored. */
    public static List<String> parse(String keys) {
        if (keys == null) {
            return List.of();
        }
        return Arrays.stream(keys.split(",")).map(String::strip).filter(k -> !k.isEmpty()).toList();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return keyDigests.isEmpty();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (accepted(request.getHeader(HEADER))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(ErrorCode.UNAUTHORIZED.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(unauthorizedBody.length);
        response.getOutputStream().write(unauthorizedBody);
    }

    boolean accepted(String given) {
        if (given == null) {
            return false;
        }
        byte[] g = digest(given);
        boolean match = false;
        for (byte[] key : keyDigests) {
            match |= MessageDigest.isEqual(key, g); // no early exit
        }
        return match;
    }

    private static byte[] digest(String key) {
        return Sha256.of(key.getBytes(StandardCharsets.UTF_8));
    }
}

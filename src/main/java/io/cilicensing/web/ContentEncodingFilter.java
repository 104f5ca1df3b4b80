package io.cilicensing.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Request bodies are taken as sent, never decompressed: a request with a {@code Content-Encoding}
 * other than {@code identity} (gzip, deflate, br, ...) is refused with 415
 * UNSUPPORTED_MEDIA_TYPE and {@code Accept-Encoding: identity} (RFC 9110, section 15.5.16),
 * before its body is read. (Decoding would let a small compressed body expand past the size
 * limits; refusing keeps every limit a limit on the bytes received.)
 */
public final class ContentEncodingFilter extends OncePerRequestFilter {
    private final byte[] refusal;

    public ContentEncodingFilter(ObjectMapper json) throws IOException {
        this.refusal = json.writeValueAsBytes(ApiError.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "a Content-Encoding other than identity is not accepted: send the body uncompressed"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (identity(request.getHeaders(HttpHeaders.CONTENT_ENCODING))) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(ErrorCode.UNSUPPORTED_MEDIA_TYPE.status().value());
        response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(refusal.length);
        response.getOutputStream().write(refusal);
    }

    /** No Content-Encoding, or only {@code identity} (any case, in one header or several). */
    static boolean identity(Enumeration<String> headers) {
        if (headers == null) {
            return true;
        }
        while (headers.hasMoreElements()) {
            for (String coding : headers.nextElement().split(",")) {
                String c = coding.strip().toLowerCase(Locale.ROOT);
                if (!c.isEmpty() && !c.equals("identity")) {
                    return false;
                }
            }
        }
        return true;
    }
}

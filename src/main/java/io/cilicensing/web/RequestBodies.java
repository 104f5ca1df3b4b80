package io.cilicensing.web;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;

/**
 * What the decision endpoints take as a body besides its size (BodyReader): UTF-8 only. JSON
 * exchanged between systems is UTF-8 (RFC 8259, section 8.1); a body in UTF-16 or UTF-32 (with or
 * without a byte order mark), or a Content-Type naming another charset, is refused with 415
 * UNSUPPORTED_MEDIA_TYPE, the same for a single decision, a JSON-array batch and an NDJSON batch.
 */
public final class RequestBodies {
    /** Bytes of the body {@link #requireUtf8(byte[], int)} looks at. */
    public static final int HEAD_BYTES = 4;

    private RequestBodies() {}

    /** 415 unless the Content-Type's charset, if it names one, is UTF-8. */
    public static void requireUtf8Charset(String contentType) {
        if (contentType == null) {
            return;
        }
        Charset charset;
        try {
            charset = MediaType.parseMediaType(contentType).getCharset();
        } catch (IllegalArgumentException e) { // InvalidMediaTypeException, or a charset Java does not know
            throw new RequestRefusedException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "the Content-Type is not valid; send application/json (charset UTF-8, if named)");
        }
        if (charset != null && !charset.equals(StandardCharsets.UTF_8)) {
            throw notUtf8("the Content-Type names charset " + charset.name());
        }
    }

    /** 415 when the first {@code length} bytes of a body (up to {@link #HEAD_BYTES}) are not UTF-8 JSON. */
    public static void requireUtf8(byte[] head, int length) {
        int n = Math.min(length, HEAD_BYTES);
        if (n >= 2 && ((head[0] == (byte) 0xFE && head[1] == (byte) 0xFF) || (head[0] == (byte) 0xFF && head[1] == (byte) 0xFE))) {
            throw notUtf8("the body starts with a UTF-16 or UTF-32 byte order mark");
        }
        // JSON text starts with an ASCII character; in UTF-16 or UTF-32 that comes with zero bytes,
        // which UTF-8 JSON never has (a control character in a string must be escaped).
        for (int i = 0; i < n; i++) {
            if (head[i] == 0) {
                throw notUtf8("the body looks like UTF-16 or UTF-32 (it has zero bytes)");
            }
        }
    }

    public static void requireUtf8(byte[] body) {
        requireUtf8(body, body.length);
    }

    private static RequestRefusedException notUtf8(String what) {
        return new RequestRefusedException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, what
                + "; JSON is taken in UTF-8 only (RFC 8259, section 8.1): send the body as UTF-8");
    }
}

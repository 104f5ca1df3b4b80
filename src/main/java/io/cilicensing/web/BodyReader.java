package io.cilicensing.web;

import io.cilicensing.facts.BadFactsException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a byte limit; past it, 413 TOO_LARGE without reading the rest. */
public final class BodyReader {
    private BodyReader() {}

    static byte[] read(InputStream in, long contentLength, long limit) throws IOException {
        return read(in, contentLength, limit, "decisions.max-body-bytes");
    }

    /** {@code property} names the limit in the TOO_LARGE message. */
    public static byte[] read(InputStream in, long contentLength, long limit, String property) throws IOException {
        if (contentLength > limit) {
            throw tooLarge(limit, property);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(contentLength > 0 ? (int) contentLength : 8192);
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > limit) {
                throw tooLarge(limit, property);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static BadFactsException tooLarge(long limit, String property) {
        return BadFactsException.tooLarge("the body is larger than the limit of " + limit
                + " bytes (property " + property + ")");
    }
}

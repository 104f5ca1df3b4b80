package io.cilicensing.facts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks that a body meant as UTF-8 is well-formed UTF-8 before the JSON parser decodes it: the
 * parser accepts overlong forms ({@code C0 AF} for {@code /}), which a check on the decoded text
 * cannot see. Bodies in UTF-16 or UTF-32 (RFC 8259 detection: a zero byte among the first two,
 * or a byte order mark) are left to the parser.
 */
final class Utf8 {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    static void check(byte[] b) {
        if (b.length >= 2 && (b[0] == 0 || b[1] == 0 || (b[0] & 0xFF) == 0xFE || (b[0] & 0xFF) == 0xFF)) {
            return;
        }
        int i = 0;
        int n = b.length;
        while (i < n) {
            // ASCII, the common case, eight bytes at a time
            while (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
                i += 8;
            }
            if (i >= n) {
                break;
            }
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int len;
            int min;
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
                min = 0x80;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                min = 0x800;
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                min = 0x10000;
            } else {
                throw bad(b, i);
            }
            if (i + len > n) {
                throw bad(b, i);
            }
            int cp = c & (0xFF >> (len + 1));
            for (int k = 1; k < len; k++) {
                int cc = b[i + k] & 0xFF;
                if ((cc & 0xC0) != 0x80) {
                    throw bad(b, i);
                }
                cp = (cp << 6) | (cc & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
                throw bad(b, i);
            }
            i += len;
        }
    }

    private static BadFactsException bad(byte[] b, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (b[i] == '\n') {
                line++;
                column = 1;
            } else if ((b[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return BadFactsException.malformed("line " + line + ", column " + column
                + ": invalid UTF-8 (a malformed or overlong byte sequence at byte " + offset + ")");
    }
}

package io.cilicensing.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads newline-delimited items from a stream, one at a time, holding at most one line (up to
 * {@code maxLineBytes}) in memory. A longer line is skipped to its end and returned as
 * {@link Line#tooLong()}. Blank lines are not items and are skipped. A line may end in
 * {@code \n} or {@code \r\n}; the last line needs no newline. Returns as soon as a whole line
 * has arrived, so items are decided while the client is still sending.
 */
final class NdjsonLines {
    /** One item: its bytes (empty when too long) and whether it was over the limit. */
    record Line(byte[] bytes, boolean tooLong) {}

    private final InputStream in;
    private final long maxLineBytes;
    private final byte[] buf = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(4096);
    private int pos;
    private int end;
    private boolean eof;

    NdjsonLines(InputStream in, long maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /** The next non-blank line, or null at the end of the stream. */
    Line next() throws IOException {
        while (true) {
            Line l = readLine();
            if (l == null || l.tooLong() || !blank(l.bytes())) {
                return l;
            }
        }
    }

    private Line readLine() throws IOException {
        line.reset();
        long size = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (pos == end) {
                if (eof) {
                    break;
                }
                int n = in.read(buf);
                if (n < 0) {
                    eof = true;
                    break;
                }
                pos = 0;
                end = n;
                continue;
            }
            any = true;
            int newline = indexOfNewline();
            int stop = newline < 0 ? end : newline;
            int chunk = stop - pos;
            if (!tooLong) {
                if (size + chunk > maxLineBytes) {
                    tooLong = true;
                    line.reset();
                } else {
                    line.write(buf, pos, chunk);
                }
            }
            size += chunk;
            if (newline >= 0) {
                pos = newline + 1;
                return finish(tooLong);
            }
            pos = end;
        }
        return any ? finish(tooLong) : null;
    }

    private Line finish(boolean tooLong) {
        if (tooLong) {
            return new Line(new byte[0], true);
        }
        byte[] bytes = line.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
            byte[] trimmed = new byte[n - 1];
            System.arraycopy(bytes, 0, trimmed, 0, n - 1);
            bytes = trimmed;
        }
        return new Line(bytes, false);
    }

    private int indexOfNewline() {
        for (int i = pos; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}

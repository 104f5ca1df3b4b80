package io.cilicensing.impact;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Keeps many fact sets small in memory while they wait to be replayed (a tenant base of 100,000
 * fact sets of about 2 KB is 200 MB raw, more than the worker process's heap): each is deflated
 * with a preset dictionary, the first fact set packed (up to 32 KB), which fact sets of one
 * shape share most of their bytes with, so a typical one keeps about 130 bytes. The same bytes
 * always pack to the same bytes (impact analysis decides equal fact sets once). {@link #pack} is
 * for one thread; {@link #unpack} for any number.
 */
public final class FactSetPacker {
    private static final int DICTIONARY_MAX = 32 * 1024;

    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
    private final byte[] buffer = new byte[64 * 1024];
    private volatile byte[] dictionary;

    /** {@code body} packed: its length (4 bytes) and its deflated bytes. */
    public byte[] pack(byte[] body) {
        if (dictionary == null) {
            dictionary = Arrays.copyOf(body, Math.min(body.length, DICTIONARY_MAX));
        }
        deflater.reset();
        deflater.setDictionary(dictionary);
        deflater.setInput(body);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 8));
        out.write(body.length >>> 24);
        out.write(body.length >>> 16);
        out.write(body.length >>> 8);
        out.write(body.length);
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        return out.toByteArray();
    }

    /** The fact set {@code packed} was packed from. */
    public byte[] unpack(byte[] packed) {
        int length = (packed[0] & 0xff) << 24 | (packed[1] & 0xff) << 16 | (packed[2] & 0xff) << 8 | (packed[3] & 0xff);
        byte[] body = new byte[length];
        Inflater inflater = new Inflater(true);
        try {
            inflater.setDictionary(dictionary);
            inflater.setInput(packed, 4, packed.length - 4);
            int n = 0;
            while (n < length) {
                int got = inflater.inflate(body, n, length - n);
                if (got == 0 && (inflater.finished() || inflater.needsInput())) {
                    break;
                }
                n += got;
            }
            if (n != length) {
                throw new IllegalStateException("a packed fact set unpacked to " + n + " of its " + length + " bytes");
            }
            return body;
        } catch (DataFormatException e) {
            throw new IllegalStateException("a packed fact set does not unpack: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}

package io.cilicensing.decisionlog;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * How each line carries its fact set, decided on the writer thread. The first line of a file
 * with a given body carries it ({@code inline}: the body as a JSON string; {@code gzip}: gzip,
 * base64, for bodies over the policy's threshold); later lines of the same file with the same
 * {@code bodySha256} say {@code ref}; a body over the cap is {@code omitted}. Remembers the
 * bodies written to the current file only: a new file, or a write that may have lost lines,
 * starts again from nothing.
 */
final class FactsStore {
    /** Bodies remembered per file before starting over (bounds the writer's memory). */
    static final int MAX_REMEMBERED = 1 << 17;

    /** The fact set fields of one line ({@code fields} begins with a comma), or none. */
    record Stored(String storage, byte[] fields) {
        static final Stored NONE = new Stored(null, new byte[0]);

        boolean isRef() {
            return "ref".equals(storage);
        }

        boolean carriesBody() {
            return "inline".equals(storage) || "gzip".equals(storage);
        }
    }

    private final FactsPolicy policy;
    private final Set<String> inFile = new HashSet<>();

    FactsStore(FactsPolicy policy) {
        this.policy = policy;
    }

    /** Whether a body of this size is kept for the writer (on, and within the cap). */
    boolean keeps(byte[] body) {
        return policy.enabled() && body != null && body.length <= policy.maxBytes();
    }

    long queueMaxBytes() {
        return policy.queueMaxBytes();
    }

    /**
     * @param queueFull the body was not kept because the bodies waiting for the writer already
     *                  took {@code decisions.log.facts-queue-max-size}
     */
    Stored store(String sha256, byte[] body, int bodyBytes, boolean queueFull) {
        if (!policy.enabled() || bodyBytes < 0) {
            return Stored.NONE;
        }
        if (body == null) {
            return new Stored("omitted", fields("omitted", bodyBytes, null,
                    queueFull ? "queue" : "max-size"));
        }
        if (inFile.contains(sha256)) {
            return new Stored("ref", fields("ref", bodyBytes, null, null));
        }
        return storeInline(body);
    }

    /** The body carried on the line itself (text, or gzip+base64 when over the threshold or not UTF-8). */
    Stored storeInline(byte[] body) {
        String text = body.length > policy.gzipOver() ? null : utf8(body);
        if (text != null) {
            StringBuilder quoted = new StringBuilder(text.length() + 16).append('"');
            JsonStringEncoder.getInstance().quoteAsString(text, quoted);
            return new Stored("inline", fields("inline", body.length, quoted.append('"').toString(), null));
        }
        return new Stored("gzip", fields("gzip", body.length,
                '"' + Base64.getEncoder().encodeToString(gzip(body)) + '"', null));
    }

    void written(String sha256, Stored stored) {
        if (stored.carriesBody()) {
            if (inFile.size() >= MAX_REMEMBERED) {
                inFile.clear();
            }
            inFile.add(sha256);
        }
    }

    /** The next line goes to a file that holds none of the bodies remembered. */
    void newFile() {
        inFile.clear();
    }

    private static byte[] fields(String storage, int bytes, String factsJson, String omittedBecause) {
        String s = ",\"factsStorage\":\"" + storage + "\",\"factsBytes\":" + bytes
                + (omittedBecause == null ? "" : ",\"factsOmitted\":\"" + omittedBecause + "\"")
                + (factsJson == null ? "" : ",\"facts\":" + factsJson);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null; // kept exactly as bytes, gzip+base64
        }
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, body.length / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

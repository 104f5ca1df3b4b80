package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.cilicensing.facts.FactShapes.FieldShape;
import io.cilicensing.facts.FactShapes.ObjectShape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a request body into a validated {@link FactSet}, or a {@link BadFactsException} listing
 * every problem (the contract: Request, Errors): MALFORMED_JSON for a body that is not JSON, not
 * UTF-8 where it claims to be, empty, not an object or with a duplicate key (the message starts
 * {@code line L, column C: }); TOO_LARGE for more interaction records than {@code maxInteractions},
 * found before the record past the limit is read; otherwise INVALID_FACTS with every field that
 * breaks the shape of {@link PostedFactSet} ({@link FactBinder}, as the body streams), each at its
 * path in the request's JSON ({@code licenses[0].quantity}). What the shape cannot say is written
 * here: the record limit, counts and raw records exclude each other, geo codes are upper-cased and
 * default to the home geo. Thread-safe: one instance may serve every request.
 */
public final class FactSetReader {
    private static final FactBinder.At INTERACTIONS = FactBinder.At.ROOT.field("interactions",
            FactShapes.of(PostedFactSet.class).byName.get("interactions").ordinal());
    private static final int[] COUNTS = {FactShapes.of(UsageCounts.class).byName.get("interactedPeople").ordinal(),
            FactShapes.of(UsageCounts.class).byName.get("interactionsThisMonth").ordinal()};

    private final int maxInteractions;
    private final JsonFactory json = new JsonFactory(); // duplicate keys: the binder finds them

    public FactSetReader(int maxInteractions) {
        if (maxInteractions < 0) {
            throw new IllegalArgumentException("maxInteractions must be >= 0: " + maxInteractions);
        }
        this.maxInteractions = maxInteractions;
    }

    /** The binder, told what the shape cannot say: the record limit, whether records and counts are given. */
    private final class Binder extends FactBinder {
        int records;
        boolean counts;

        @Override
        void element(FieldShape list, int index) {
            if (list.element() == InteractionLog.Interaction.class && (records = index + 1) > maxInteractions) {
                throw BadFactsException.tooLarge("interactions: more than the limit of " + maxInteractions + " records");
            }
        }

        /** A non-zero interactedPeople or interactionsThisMonth in the tenant's or an environment's usage, valid or not. */
        @Override
        void posted(ObjectShape shape, Object[] members) {
            for (int i = 0; shape.type == UsageCounts.class && i < COUNTS.length; i++) {
                counts |= members[COUNTS[i]] instanceof Number n && n.doubleValue() != 0;
            }
        }
    }

    /**
     * @param now the instant used when the body has no {@code asOf}
     * @throws BadFactsException MALFORMED_JSON, TOO_LARGE or INVALID_FACTS (with every violation)
     */
    public FactSet read(byte[] body, Instant now) {
        Objects.requireNonNull(now, "now");
        byte[] bytes = body == null ? new byte[0] : body;
        checkUtf8(bytes);
        Binder binder = new Binder();
        PostedFactSet posted;
        JsonParser p = null;
        try (JsonParser parser = json.createParser(bytes)) {
            p = parser;
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw first == null ? BadFactsException.malformed(p.currentLocation(), "no content; expected a JSON object")
                        : BadFactsException.malformed(p.currentTokenLocation(), "the top-level value must be a JSON object, not "
                        + (first == JsonToken.START_ARRAY ? "an array" : first == JsonToken.VALUE_STRING ? "a string"
                        : first.isNumeric() ? "a number" : first.isBoolean() ? "a boolean" : "null"));
            }
            posted = (PostedFactSet) binder.bind(p, FactShapes.of(PostedFactSet.class), FactBinder.At.ROOT);
            // the object ends on END_OBJECT: the parser reports anything else as a syntax error
            if (p.nextToken() != null) {
                throw BadFactsException.malformed(p.currentTokenLocation(), "unexpected content after the top-level object");
            }
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            throw BadFactsException.malformed(at, plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BadFactsException.malformed("line 1, column 1: " + e.getMessage());
        }
        binder.finish();
        if (binder.records > 0 && binder.counts) {
            binder.violation(INTERACTIONS, "give counts or raw interactions, not both");
        }
        if (binder.hasProblems()) {
            throw BadFactsException.invalid(binder.violations());
        }
        String home = geo(posted.tenant().homeGeo());
        List<Environment> environments = posted.environments().stream()
                .map(e -> e.withGeo(e.geo() == null ? home : geo(e.geo()))).toList();
        List<Request> requests = posted.requests().stream().map(r -> r instanceof Deploy d
                ? d.withGeo(d.geo() == null ? home : geo(d.geo())) : r instanceof Migration m
                ? new Migration(m.id(), geo(m.sourceGeo()), geo(m.targetGeo())) : r).toList();
        boolean asOfGiven = posted.asOf() != null;
        return new FactSet(AsOf.of(asOfGiven ? posted.asOf() : now), asOfGiven, posted.tenant().withHomeGeo(home),
                posted.licenses(), posted.addOns(), environments, posted.usage() == null ? UsageCounts.NONE : posted.usage(),
                posted.interactions().isEmpty() ? null : InteractionLog.of(posted.interactions()), requests);
    }

    /** Geo codes are ASCII (the shape's pattern) and short, so upper-casing them costs nothing. */
    private static String geo(String code) {
        return code.toUpperCase(Locale.ROOT);
    }

    /** A parser message without the names of Jackson's settings ("from `StreamReadConstraints...`"). */
    static String plain(String message) {
        return message == null ? "not JSON" : message
                .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(",? ?\\(?from `[^`]*`\\)?", "")
                .replaceAll("`[A-Za-z]+(Feature|Constraints)[^`]*`", "a parser setting");
    }

    /**
     * A body meant as UTF-8 must be well-formed UTF-8 before the JSON parser decodes it: the parser
     * accepts overlong forms ({@code C0 AF} for {@code /}), which the JDK's decoder rejects, as it
     * does surrogates and code points past U+10FFFF. Bodies in UTF-16 or UTF-32 (RFC 8259
     * detection: a zero byte among the first two, or a byte order mark) are left to the parser.
     */
    private static void checkUtf8(byte[] b) {
        if (b.length >= 2 && (b[0] == 0 || b[1] == 0 || (b[0] & 0xFF) >= 0xFE)) {
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        CharBuffer out = CharBuffer.allocate(1024);
        var decoder = StandardCharsets.UTF_8.newDecoder();
        CoderResult result;
        do {
            result = decoder.decode(in, out.clear(), true);
        } while (result.isOverflow());
        if (result.isError()) {
            int offset = in.position();
            int line = 1;
            int column = 1;
            for (int i = 0; i < offset; i++) {
                line += b[i] == '\n' ? 1 : 0;
                column = b[i] == '\n' ? 1 : (b[i] & 0xC0) != 0x80 ? column + 1 : column;
            }
            throw BadFactsException.malformed("line " + line + ", column " + column
                    + ": invalid UTF-8 (a malformed or overlong byte sequence at byte " + offset + ")");
        }
    }
}

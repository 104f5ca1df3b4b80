package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns a request body into a validated {@link FactSet}, or a {@link BadFactsException} listing
 * every problem (CONTRACT.md > Request, Errors).
 *
 * <ul>
 *   <li>Not JSON, not UTF-8 where it claims to be, empty, duplicate keys, or a top level that is
 *       not an object: MALFORMED_JSON, the message starting with {@code line L, column C: }.</li>
 *   <li>More interaction records than {@code maxInteractions}: TOO_LARGE, detected while parsing,
 *       before any record or field is validated.</li>
 *   <li>Otherwise every field is checked against the shape of {@link PostedFactSet} (its records'
 *       {@link FactField}s, by {@link FactBinder}) and every problem is listed (INVALID_FACTS),
 *       each at the path of the offending field in the request's own JSON ({@code licenses[0].quantity}).</li>
 * </ul>
 * What the shape cannot say is written here: raw interaction records are streamed (a hundred
 * thousand of them as a JSON tree would cost several times the time and memory), counts and raw
 * records exclude each other, geo codes are upper-cased and default to the home geo.
 * Thread-safe: one instance may serve every request.
 */
public final class FactSetReader {
    private static final FactBinder.ObjectShape INTERACTION = FactBinder.shapeOf(InteractionLog.Interaction.class);
    private static final List<String> RECORD_FIELDS = INTERACTION.fields.stream().map(FactBinder.FieldShape::name).toList();
    private static final FactBinder.At INTERACTIONS = FactBinder.At.ROOT.field("interactions",
            FactBinder.shapeOf(PostedFactSet.class).byName.get("interactions").ordinal());
    private static final Map<String, InteractionChannel> CHANNELS = Arrays.stream(InteractionChannel.values())
            .collect(Collectors.toMap(Enum::name, Function.identity()));
    /** Stands for a record field whose value is neither a string nor null. */
    private static final Object NOT_A_STRING = new Object();
    private static final List<String> COUNTS = List.of("interactedPeople", "interactionsThisMonth");

    /** One element of {@code interactions[]} as posted: its fields in the shape's order, or null when not an object. */
    private record RawInteraction(Object[] fields, List<String> unknownFields) {}

    private final int maxInteractions;
    private final ObjectMapper mapper = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    public FactSetReader(int maxInteractions) {
        if (maxInteractions < 0) {
            throw new IllegalArgumentException("maxInteractions must be >= 0: " + maxInteractions);
        }
        this.maxInteractions = maxInteractions;
    }

    /**
     * @param now the instant used when the body has no {@code asOf}
     * @throws BadFactsException MALFORMED_JSON, TOO_LARGE or INVALID_FACTS (with every violation)
     */
    public FactSet read(byte[] body, Instant now) {
        Objects.requireNonNull(now, "now");
        List<RawInteraction> raw = new ArrayList<>();
        ObjectNode root = parse(body == null ? new byte[0] : body, raw);
        FactBinder binder = new FactBinder();
        PostedFactSet posted = (PostedFactSet) binder.bindObject(root, PostedFactSet.class, FactBinder.At.ROOT);
        List<InteractionLog.Interaction> records = interactions(binder, raw);
        if (!raw.isEmpty() && countsGiven(root)) {
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
                records.isEmpty() ? null : InteractionLog.of(records), requests);
    }

    /** Geo codes are ASCII (the shape's pattern) and short, so upper-casing them costs nothing. */
    private static String geo(String code) {
        return code.toUpperCase(Locale.ROOT);
    }

    /** A non-zero interactedPeople or interactionsThisMonth in the tenant's or an environment's usage, valid or not. */
    private static boolean countsGiven(JsonNode root) {
        List<JsonNode> usages = new ArrayList<>(List.of(root.path("usage")));
        if (root.path("environments").isArray()) {
            root.get("environments").forEach(e -> usages.add(e.path("usage")));
        }
        return usages.stream().anyMatch(u -> COUNTS.stream()
                .anyMatch(name -> u.path(name).isNumber() && u.path(name).doubleValue() != 0));
    }

    /**
     * The streamed records. Those with every field as the shape of {@link InteractionLog.Interaction}
     * wants it (the same checks, without paths for messages) are taken as they are; the binder
     * checks the others and says what is wrong.
     */
    private static List<InteractionLog.Interaction> interactions(FactBinder binder, List<RawInteraction> raw) {
        List<InteractionLog.Interaction> out = new ArrayList<>(raw.size());
        Set<String> environments = binder.named("environment");
        for (int i = 0; i < raw.size(); i++) {
            RawInteraction r = raw.get(i);
            Object[] f = r.fields;
            LocalDate day = f != null && f[1] instanceof String date ? FactBinder.parseDate(date) : null;
            InteractionChannel channel = f != null && f[2] instanceof String c ? CHANNELS.get(c) : null;
            if (r.unknownFields == null && day != null && channel != null && f[0] instanceof String person
                    && !person.isEmpty() && person.length() <= FactLimits.ID_LENGTH
                    && (f[3] == null || f[3] instanceof String e && environments.contains(e))) {
                out.add(new InteractionLog.Interaction(person, day, channel, (String) f[3]));
            } else if (f == null) {
                binder.violation(INTERACTIONS.element(i), "must be an object");
            } else {
                ObjectNode node = JsonNodeFactory.instance.objectNode();
                for (int k = 0; k < f.length; k++) {
                    if (f[k] != null) {
                        node.set(RECORD_FIELDS.get(k), f[k] instanceof String s ? TextNode.valueOf(s) : IntNode.valueOf(0));
                    }
                }
                if (r.unknownFields != null) {
                    r.unknownFields.forEach(node::putNull);
                }
                binder.bindObject(node, InteractionLog.Interaction.class, INTERACTIONS.element(i));
            }
        }
        return out;
    }

    // ---- syntax ----

    /**
     * The top-level members as a tree, except a top-level {@code interactions} array, whose
     * records are streamed into {@code interactions}.
     *
     * @throws BadFactsException MALFORMED_JSON (message {@code line L, column C: ...}), or TOO_LARGE
     *         as soon as {@code interactions} holds more than {@code maxInteractions} records
     */
    private ObjectNode parse(byte[] body, List<RawInteraction> interactions) {
        checkUtf8(body);
        JsonParser p = null;
        try (JsonParser parser = mapper.createParser(body)) {
            p = parser;
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw first == null ? BadFactsException.malformed(p.currentLocation(), "no content; expected a JSON object")
                        : BadFactsException.malformed(p.currentTokenLocation(), "the top-level value must be a JSON object, not "
                        + describe(first));
            }
            ObjectNode root = mapper.createObjectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                if (p.nextToken() == JsonToken.START_ARRAY && name.equals("interactions")) {
                    readInteractions(p, interactions);
                } else {
                    root.set(name, mapper.readTree(p));
                }
            }
            // the loop ends on END_OBJECT: the parser reports anything else as a syntax error
            if (p.nextToken() != null) {
                throw BadFactsException.malformed(p.currentTokenLocation(), "unexpected content after the top-level object");
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation();
            throw BadFactsException.malformed(at, plain(e.getOriginalMessage()));
        } catch (IOException e) {
            throw BadFactsException.malformed("line 1, column 1: " + e.getMessage());
        }
    }

    /** A parser message without the names of Jackson's settings ("from `StreamReadConstraints...`"). */
    static String plain(String message) {
        return message == null ? "not JSON" : message
                .replaceAll("\\[Source: [^;\\]]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll(",? ?\\(?from `[^`]*`\\)?", "")
                .replaceAll("`[A-Za-z]+(Feature|Constraints)[^`]*`", "a parser setting");
    }

    /** Reads the records of the array the parser is at, up to its END_ARRAY. */
    private void readInteractions(JsonParser p, List<RawInteraction> records) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw BadFactsException.malformed(p.currentLocation(), "unexpected end of input in interactions");
            }
            if (records.size() == maxInteractions) {
                throw BadFactsException.tooLarge("interactions: more than the limit of " + maxInteractions + " records");
            }
            Object[] fields = t == JsonToken.START_OBJECT ? new Object[RECORD_FIELDS.size()] : null;
            List<String> unknown = null;
            while (fields != null && p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                int f = RECORD_FIELDS.indexOf(name);
                if (f >= 0) {
                    fields[f] = v == JsonToken.VALUE_STRING ? p.getText() : v == JsonToken.VALUE_NULL ? null : NOT_A_STRING;
                } else {
                    (unknown == null ? unknown = new ArrayList<>(2) : unknown).add(name);
                }
                p.skipChildren(); // no-op unless the value is an object or array
            }
            if (fields == null) {
                p.skipChildren();
            }
            records.add(new RawInteraction(fields, unknown));
        }
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.name();
        };
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

package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Objects;

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
 *       {@link FactField}s) and every problem is listed (INVALID_FACTS), each at the path of the
 *       offending field in the request's own JSON ({@code licenses[0].quantity}).</li>
 * </ul>
 * What the shape cannot say is written here: raw interaction records are streamed (up to a
 * hundred thousand of them), counts and raw records exclude each other, geo codes are
 * upper-cased and default to the home geo. Thread-safe: one instance may serve every request.
 */
public final class FactSetReader {
    private static final FactBinder.ObjectShape TOP = FactBinder.shapeOf(PostedFactSet.class);
    private static final FactBinder.ObjectShape INTERACTION = FactBinder.shapeOf(InteractionLog.Interaction.class);
    private static final FactBinder.At INTERACTIONS = FactBinder.At.ROOT.field("interactions",
            TOP.byName.get("interactions").ordinal());
    private static final JsonNode NOT_A_STRING = IntNode.valueOf(0);
    private static final Map<String, InteractionChannel> CHANNELS = new HashMap<>();

    static {
        for (InteractionChannel c : InteractionChannel.values()) {
            CHANNELS.put(c.name(), c);
        }
    }

    private final int maxInteractions;
    private final ObjectMapper mapper;

    public FactSetReader(int maxInteractions) {
        if (maxInteractions < 0) {
            throw new IllegalArgumentException("maxInteractions must be >= 0: " + maxInteractions);
        }
        this.maxInteractions = maxInteractions;
        this.mapper = JsonMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    }

    /**
     * @param now the instant used when the body has no {@code asOf}
     * @throws BadFactsException MALFORMED_JSON, TOO_LARGE or INVALID_FACTS (with every violation)
     */
    public FactSet read(byte[] body, Instant now) {
        Objects.requireNonNull(now, "now");
        FactSetReaderBody parsed = FactSetReaderBody.parse(mapper, body == null ? new byte[0] : body, maxInteractions);
        FactBinder binder = new FactBinder();
        PostedFactSet posted = (PostedFactSet) binder.bindObject(parsed.root, PostedFactSet.class, FactBinder.At.ROOT);
        List<InteractionLog.Interaction> records = interactions(binder, parsed.interactions);
        if (parsed.interactions != null && !parsed.interactions.isEmpty() && countsGiven(parsed.root)) {
            binder.violation(INTERACTIONS, "give counts or raw interactions, not both");
        }
        if (binder.hasProblems()) {
            throw BadFactsException.invalid(binder.violations());
        }
        String home = geo(posted.tenant().homeGeo());
        List<Environment> environments = new ArrayList<>(posted.environments().size());
        for (Environment e : posted.environments()) {
            environments.add(e.withGeo(e.geo() == null ? home : geo(e.geo())));
        }
        List<Request> requests = new ArrayList<>(posted.requests().size());
        for (Request r : posted.requests()) {
            if (r instanceof Deploy d) {
                r = d.withGeo(d.geo() == null ? home : geo(d.geo()));
            } else if (r instanceof Migration m) {
                r = new Migration(m.id(), geo(m.sourceGeo()), geo(m.targetGeo()));
            }
            requests.add(r);
        }
        boolean asOfGiven = posted.asOf() != null;
        return new FactSet(AsOf.of(asOfGiven ? posted.asOf() : now), asOfGiven, posted.tenant().withHomeGeo(home),
                posted.licenses(), posted.addOns(), List.copyOf(environments),
                posted.usage() == null ? UsageCounts.NONE : posted.usage(),
                records == null || records.isEmpty() ? null : InteractionLog.of(records), List.copyOf(requests));
    }

    /** Geo codes are ASCII (the shape's pattern) and short, so upper-casing them costs nothing. */
    private static String geo(String code) {
        return code.toUpperCase(Locale.ROOT);
    }

    /** A non-zero interactedPeople or interactionsThisMonth in the tenant's or an environment's usage. */
    private static boolean countsGiven(JsonNode root) {
        boolean given = counts(root.get("usage"));
        JsonNode environments = root.get("environments");
        if (environments != null && environments.isArray()) {
            for (JsonNode e : environments) {
                given |= e.isObject() && counts(e.get("usage"));
            }
        }
        return given;
    }

    private static boolean counts(JsonNode usage) {
        return usage != null && usage.isObject()
                && (nonZero(usage.get("interactedPeople")) || nonZero(usage.get("interactionsThisMonth")));
    }

    private static boolean nonZero(JsonNode n) {
        return n != null && n.isNumber() && n.doubleValue() != 0;
    }

    /**
     * The record when every field is as the shape of {@link InteractionLog.Interaction} wants it
     * (the same checks, without paths for messages), else null: the binder then says what is wrong.
     */
    private static InteractionLog.Interaction wellFormed(FactSetReaderBody.RawInteraction r, Set<String> environments) {
        if (!(r.personId instanceof String person) || person.isEmpty() || person.length() > FactLimits.ID_LENGTH
                || !(r.date instanceof String date) || !(r.channel instanceof String channel)) {
            return null;
        }
        LocalDate day = FactBinder.parseDate(date);
        InteractionChannel ch = CHANNELS.get(channel);
        String env = r.environmentId instanceof String e ? e : null;
        boolean envOk = r.environmentId == null || (env != null && environments.contains(env));
        return day == null || ch == null || !envOk ? null : new InteractionLog.Interaction(person, day, ch, env);
    }

    /** The streamed records, validated by the shape of {@link InteractionLog.Interaction}; null without the array. */
    private static List<InteractionLog.Interaction> interactions(FactBinder binder,
                                                                 List<FactSetReaderBody.RawInteraction> raw) {
        if (raw == null) {
            return null;
        }
        List<InteractionLog.Interaction> out = new ArrayList<>(raw.size());
        Set<String> environments = binder.named("environment");
        for (int i = 0; i < raw.size(); i++) {
            FactSetReaderBody.RawInteraction r = raw.get(i);
            FactBinder.At at = INTERACTIONS.element(i);
            if (r.notAnObject) {
                binder.violation(at, "must be an object");
                continue;
            }
            if (r.unknownFields != null) {
                for (String name : r.unknownFields) {
                    binder.violation(at.field(name, 0), INTERACTION.unknownMessage);
                }
            }
            InteractionLog.Interaction valid = r.unknownFields == null ? wellFormed(r, environments) : null;
            if (valid != null) {
                out.add(valid); // the common case, checked without building a path for each field
                continue;
            }
            Object[] values = new Object[4];
            boolean ok = r.unknownFields == null;
            Object[] posted = {r.personId, r.date, r.channel, r.environmentId};
            for (int f = 0; f < 4; f++) {
                FactBinder.FieldShape field = INTERACTION.fields.get(f);
                Object v = posted[f];
                JsonNode node = v == null ? null : v instanceof String s ? TextNode.valueOf(s) : NOT_A_STRING;
                values[f] = binder.value(node, field, at.field(field.name(), field.ordinal()));
                ok &= values[f] != null || (v == null && !field.spec().required());
            }
            if (ok) {
                out.add(new InteractionLog.Interaction((String) values[0], (LocalDate) values[1],
                        (InteractionChannel) values[2], (String) values[3]));
            }
        }
        return out;
    }
}

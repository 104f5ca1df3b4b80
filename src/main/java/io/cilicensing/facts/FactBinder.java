package io.cilicensing.facts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.cilicensing.facts.FactShapes.FieldShape;
import io.cilicensing.facts.FactShapes.Kind;
import io.cilicensing.facts.FactShapes.ObjectShape;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a request body, as the parser streams it, to the fact records by the shape their
 * {@link FactField} annotations describe ({@link FactShapes}), collecting every violation with its
 * path. It knows JSON and Java types, not the request. Each object is read in two steps: its
 * members as posted, then its fields in the shape's order (a field may depend on the object's
 * {@code sku}); ids unique across the fact set and references to ids are checked once all are
 * known ({@link #finish()}). Violations are listed in the shape's order (unknown fields first in
 * their object, an object's own problem after those inside it), whatever the JSON's order. One
 * binder reads one body.
 */
class FactBinder {
    static final String DATE_EXPECTED = "must be a date (2024-07-01) or a date-time with offset";
    private static final int MAX_ECHO = 60;
    private static final int MAX_LISTED_IDS = 20;
    private static final LocalDate[] RECENT_DATES = new LocalDate[1024];
    /** A member whose object or list is bound and has a violation (already recorded). */
    private static final Object FAILED = new Object();

    private record Problem(int[] sort, Violation violation) {}

    /**
     * An id or a reference to one, checked by {@link #finish()}: the field {@code f} of the object
     * at {@code in} (its place built only when needed), its kind (the field's {@code names} or
     * {@code refersTo}) and, for an id, its place's sort key.
     */
    private record Id(At in, FieldShape f, String value, String kind, int[] sort) {
        At at() {
            return in.field(f.name(), f.ordinal());
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private final List<Id> ids = new ArrayList<>();
    private final List<Id> references = new ArrayList<>();

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Every violation so far, in the shape's order. */
    List<Violation> violations() {
        return problems.stream().sorted((a, b) -> Arrays.compare(a.sort, b.sort)).map(Problem::violation).toList();
    }

    void violation(At at, String message) {
        int[] sort = at.sort(1);
        sort[sort.length - 1] = Integer.MAX_VALUE; // an object's own problem after those inside it
        problems.add(new Problem(sort, new Violation(at.path(), message)));
    }

    /** Called before each element of a list is read. */
    void element(FieldShape list, int index) {}

    /** Called with the members of each object as posted (by the field's ordinal), valid or not. */
    void posted(ObjectShape shape, Object[] members) {}

    /** A place in the request: the root, a field of an object (its ordinal in the shape) or an element of a list. */
    record At(At parent, String name, int ordinalOrIndex) {
        static final At ROOT = new At(null, null, 0);

        At field(String field, int ordinal) {
            return new At(this, field, ordinal);
        }

        At element(int index) {
            return new At(this, null, index);
        }

        String path() {
            String p = parent == null ? "" : parent.path();
            return parent == null ? "" : name == null ? p + "[" + ordinalOrIndex + "]" : p.isEmpty() ? name : p + "." + name;
        }

        /** The ordinals and indices from the root, and {@code extra} zeros: compared, they order places as the shape does. */
        int[] sort(int extra) {
            int n = 0;
            for (At a = this; a.parent != null; a = a.parent) {
                n++;
            }
            int[] key = new int[n + extra];
            for (At a = this; a.parent != null; a = a.parent) {
                key[--n] = a.ordinalOrIndex;
            }
            return key;
        }
    }

    // ---- objects and lists ----

    /**
     * The object the parser is at (START_OBJECT), bound to its record; null when it has a
     * violation. A request's record is known once its {@code type} is read; without a valid type
     * only its id is checked.
     */
    Object bind(JsonParser p, ObjectShape shape, At at) throws IOException {
        int mark = problems.size();
        Object[] members = new Object[shape.lastOrdinal + 1]; // by ordinal
        Map<String, Object> others = Map.of(); // members the shape does not name, in their order
        long seen = 0; // the ordinals read (FactShapes keeps them below 64)
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            FieldShape f = shape.byName.get(name);
            long bit = f == null ? 0 : 1L << f.ordinal();
            if (f == null ? others.containsKey(name) : (seen & bit) != 0) {
                throw BadFactsException.malformed(p.currentLocation(), "Duplicate field '" + name + "'");
            }
            seen |= bit;
            JsonToken t = p.nextToken();
            if (f == null) {
                (others.isEmpty() ? others = new LinkedHashMap<>() : others).put(name, scalar(p, t));
            } else {
                members[f.ordinal()] = t == JsonToken.START_OBJECT && f.kind() == Kind.OBJECT
                        ? orFailed(bind(p, FactShapes.of(f.type()), at.field(f.name(), f.ordinal())))
                        : t == JsonToken.START_ARRAY && f.kind() == Kind.LIST
                        ? orFailed(list(p, f, at.field(f.name(), f.ordinal()))) : scalar(p, t);
            }
        }
        if (!shape.variants.isEmpty()) {
            FieldShape tag = shape.fields.get(0);
            Object kind = field(members[tag.ordinal()], tag, null, at);
            if (kind == null) {
                FieldShape id = FactShapes.of(shape.variants.values().iterator().next()).byName.get("id");
                field(others.get(id.name()), id, null, at);
                return null;
            }
            shape = FactShapes.of(shape.variants.get(kind));
            members = new Object[shape.lastOrdinal + 1];
            for (FieldShape f : others.isEmpty() ? List.<FieldShape>of() : shape.fields) {
                members[f.ordinal()] = others.remove(f.name()); // what is left is unknown to the record
            }
        }
        posted(shape, members);
        for (String name : others.isEmpty() ? Set.<String>of() : others.keySet()) {
            violation(at.field(name, 0), shape.unknownMessage);
        }
        Object[] args = new Object[shape.parameters];
        for (FieldShape f : shape.fields) {
            if (f.parameter() < 0) {
                continue; // the request's type: already read
            }
            Object value = field(members[f.ordinal()], f, shape.skuParameter < 0 ? null : (Sku) args[shape.skuParameter], at);
            LocalDate limit = value == null || f.notBefore() < 0 ? null : args[f.notBefore()] instanceof Instant i
                    ? LocalDate.ofInstant(i, ZoneOffset.UTC) : (LocalDate) args[f.notBefore()];
            if (limit != null && ((LocalDate) value).isBefore(limit)) {
                violation(at.field(f.name(), f.ordinal()), "must not be before " + f.spec().notBefore() + " (" + limit + ")");
            }
            args[f.parameter()] = value == null ? f.fallback() : value;
        }
        try {
            return problems.size() != mark ? null : shape.constructor.invokeExact(args);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a " + shape.type.getSimpleName() + " of " + Arrays.toString(args), e);
        }
    }

    private static Object orFailed(Object bound) {
        return bound == null ? FAILED : bound;
    }

    /**
     * A member as posted: String, Number, Boolean, null, or the token that starts an object or
     * array, skipped with the parser's duplicate check on (the binder checks the objects it binds).
     */
    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        if (t.isStructStart()) {
            p.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).skipChildren();
            p.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        }
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getNumberValue();
            case VALUE_TRUE, VALUE_FALSE -> t == JsonToken.VALUE_TRUE;
            case VALUE_NULL -> null;
            default -> t;
        };
    }

    /** The list the parser is at (START_ARRAY); null when an element has a violation. */
    private Object list(JsonParser p, FieldShape f, At at) throws IOException {
        int mark = problems.size();
        List<Object> out = new ArrayList<>();
        ObjectShape element = f.values() == null ? FactShapes.of(f.element()) : null;
        JsonToken t;
        for (int i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
            element(f, i);
            Object e = f.values() == null ? null : enumValue(scalar(p, t), f.values());
            if (e instanceof Wrong wrong) {
                violation(at.element(i), wrong.message);
            } else if (e != null) {
                out.add(e);
            } else if (t == JsonToken.START_OBJECT) {
                out.add(bind(p, element, at.element(i)));
            } else {
                scalar(p, t);
                violation(at.element(i), "must be an object");
            }
        }
        if (problems.size() != mark || f.values() == null) {
            return problems.size() != mark ? null : Collections.unmodifiableList(out);
        }
        @SuppressWarnings({"unchecked", "rawtypes"})
        Set<?> set = out.isEmpty() ? EnumSet.noneOf((Class) f.element()) : EnumSet.copyOf((List) out);
        return Collections.unmodifiableSet(set);
    }

    /** The ids unique across the fact set (the first in the shape's order stands), then the references to them. */
    void finish() {
        Map<String, At> first = new HashMap<>();
        Map<String, Set<String>> named = new HashMap<>();
        ids.sort((a, b) -> Arrays.compare(a.sort, b.sort));
        for (Id id : ids) {
            At before = first.putIfAbsent(id.value, id.at());
            if (before != null) {
                violation(id.at(), "duplicate id " + quote(id.value) + "; already used at " + before.path());
            } else if (!id.kind().isEmpty()) {
                named.computeIfAbsent(id.kind(), k -> new HashSet<>()).add(id.value);
            }
        }
        for (Id ref : references) {
            Set<String> known = named.getOrDefault(ref.kind, Set.of());
            if (!known.contains(ref.value)) {
                violation(ref.at(), "unknown " + ref.kind + " " + quote(ref.value) + "; " + (known.isEmpty()
                        ? "the fact set has no " + ref.kind + "s" : "expected one of: " + known.stream().sorted()
                        .limit(MAX_LISTED_IDS).collect(Collectors.joining(", ")) + (known.size() > MAX_LISTED_IDS ? ", ..." : "")));
            }
        }
    }

    // ---- values ----

    /** Why a value is wrong (what {@link #value} returns instead of it). */
    private record Wrong(String message) {}

    /**
     * The value of field {@code f} of the object at {@code in}, or null when absent or wrong (a
     * violation); an id or reference is noted for {@link #finish()}. The field's place is built
     * for a violation or an id only: not for each of a hundred thousand records' references.
     */
    private Object field(Object v, FieldShape f, Sku sku, At in) {
        Object value = value(v, f, sku);
        if (value instanceof Wrong wrong) {
            violation(in.field(f.name(), f.ordinal()), wrong.message);
            return null;
        }
        if (value != null && f.spec().uniqueId()) {
            ids.add(new Id(in, f, (String) value, f.spec().names(), in.field(f.name(), f.ordinal()).sort(0)));
        } else if (value != null && !f.spec().refersTo().isEmpty()) {
            references.add(new Id(in, f, (String) value, f.spec().refersTo(), null));
        }
        return value;
    }

    /** The value of one field, null when absent, or {@link Wrong}; {@code sku}: the object's, if the field depends on it. */
    private static Object value(Object v, FieldShape f, Sku sku) {
        FactShapes.Spec spec = f.spec();
        if (sku != null && !spec.onlyWithSku().contains(sku)) {
            return v == null ? null : new Wrong("allowed only with " + spec.onlyWithSku().phrase());
        }
        if (v == null) {
            boolean forSku = sku != null && spec.requiredWithSku();
            return forSku || spec.required() ? new Wrong(forSku ? "required for sku " + sku : "required") : null;
        }
        return switch (f.kind()) {
            case STRING -> v instanceof String s ? string(s, f) : new Wrong("must be a string");
            case INTEGER -> v instanceof Integer || v instanceof Long || v instanceof BigInteger ? integer((Number) v, f)
                    : new Wrong("must be an integer");
            case BOOLEAN -> v instanceof Boolean ? v : new Wrong("must be a boolean");
            case ENUM -> enumValue(v, f.values());
            case DATE, INSTANT -> {
                Object d = !(v instanceof String s) ? null : f.kind() == Kind.DATE ? parseDate(s) : parseInstant(s);
                yield d != null ? d : new Wrong(DATE_EXPECTED);
            }
            case OBJECT -> v == FAILED ? null : f.type().isInstance(v) ? v : new Wrong("must be an object");
            case LIST -> v == FAILED ? null : v instanceof Collection ? v : new Wrong("must be an array");
        };
    }

    private static Object string(String s, FieldShape f) {
        FactShapes.Spec spec = f.spec();
        if (spec.nonEmpty() && s.isEmpty() || spec.maxLength() > 0 && s.length() > spec.maxLength()) {
            return new Wrong(s.isEmpty() ? "must not be empty" : "must be at most " + spec.maxLength() + " characters");
        }
        return f.pattern() != null && !f.pattern().matcher(s).matches() ? new Wrong(spec.patternMessage()) : s;
    }

    private static Object integer(Number v, FieldShape f) {
        FactShapes.Spec spec = f.spec();
        long n = v.longValue();
        int out = v instanceof BigInteger big ? big.signum() : n < spec.min() ? -1 : n > spec.max() ? 1 : 0;
        if (out != 0 || n == 0 && spec.nonZero()) {
            return new Wrong(out < 0 ? "must be >= " + spec.min() : out > 0 ? "must be <= " + spec.max() : "must not be 0");
        }
        return f.type() == int.class || f.type() == Integer.class ? (Object) (int) n : (Object) n;
    }

    private static Object enumValue(Object v, List<? extends Enum<?>> values) {
        for (Enum<?> e : values) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        return new Wrong((v instanceof String s ? "unknown value " + quote(s) : "must be a string")
                + "; expected one of: " + values.stream().map(Enum::name).collect(Collectors.joining(", ")));
    }

    // ---- dates: the common forms parsed by hand (no formatter, no exception) ----

    static LocalDate parseDate(String s) {
        Instant i = s.length() == 10 ? null : parseInstant(s);
        return i != null ? LocalDate.ofInstant(i, ZoneOffset.UTC) : s.length() == 10 ? plainDate(s) : null;
    }

    /** {@code yyyy-MM-dd} (00:00 UTC) or an ISO date-time with offset; null when it is neither. */
    static Instant parseInstant(String s) {
        LocalDate day = plainDate(s);
        if (day != null && s.length() == 10) {
            return day.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        int h = digits(s, 11, 13), m = digits(s, 14, 16), sec = digits(s, 17, 19);
        if (day != null && s.length() == 20 && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':'
                && s.charAt(19) == 'Z' && h < 24 && m < 60 && sec < 60 && Math.min(h, Math.min(m, sec)) >= 0) {
            return day.atTime(h, m, sec).toInstant(ZoneOffset.UTC);
        }
        // a date-time has a time part; anything else (or anything long) is rejected without a parse attempt
        if (s.length() < 16 || s.length() > 40 || (s.charAt(10) != 'T' && s.charAt(10) != 't')) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The date written in the first 10 characters as {@code yyyy-MM-dd}, or null. Dates recur (a
     * hundred thousand interaction records fall on a few hundred days), so the last date of each
     * of 1,024 slots is kept and used again: a benign race, as a LocalDate is immutable.
     */
    private static LocalDate plainDate(String s) {
        int y = s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-' ? -1 : digits(s, 0, 4);
        int m = y < 0 ? -1 : digits(s, 5, 7);
        int d = m < 1 || m > 12 ? -1 : digits(s, 8, 10);
        int slot = (y * 372 + m * 31 + d) & (RECENT_DATES.length - 1);
        LocalDate recent = d < 1 ? null : RECENT_DATES[slot];
        if (recent != null && recent.getDayOfMonth() == d && recent.getMonthValue() == m && recent.getYear() == y) {
            return recent;
        }
        return d < 1 || d > Month.of(m).length(Year.isLeap(y)) ? null : (RECENT_DATES[slot] = LocalDate.of(y, m, d));
    }

    /** The decimal digits of {@code s} from {@code from} to {@code to} as a number, or -1. */
    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < Math.min(to, s.length()) && n >= 0; i++) {
            n = s.charAt(i) >= '0' && s.charAt(i) <= '9' ? n * 10 + s.charAt(i) - '0' : -1;
        }
        return to <= s.length() ? n : -1;
    }

    /** A value quoted for a message, cut short if long. */
    static String quote(String s) {
        return "'" + (s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...") + "'";
    }
}

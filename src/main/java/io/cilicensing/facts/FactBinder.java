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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Binds a request body, as the parser streams it, to the fact records by the shape their
 * {@link FactField} annotations describe, collecting every violation with its path. It knows
 * JSON and Java types, not the request: which fields exist, their types, bounds and defaults are
 * the records'. Each object is read in two steps: its members as posted, then its fields in the
 * shape's order (a field may depend on the object's {@code sku}); ids unique across the fact set
 * and references to other ids are checked at the end ({@link #finish()}), when all are known.
 * Violations are listed in the order of the shape (fields in declaration order, unknown fields
 * first in their object, an object's own problem after those inside it), whatever the order of
 * the JSON. A record's shape is worked out once ({@link FactShapes}); one binder reads one body.
 */
class FactBinder {
    static final String DATE_EXPECTED = "must be a date (2024-07-01) or a date-time with offset";
    private static final int MAX_ECHO = 60;
    private static final int MAX_LISTED_IDS = 20;
    /** A member whose object or list is bound and has a violation (already recorded). */
    private static final Object FAILED = new Object();

    private record Problem(int[] sort, Violation violation) {}

    /** An id (kind: the {@code names} or {@code refersTo} of its field; sort: its place's key), checked by {@link #finish()}. */
    private record Id(At at, String value, String kind, int[] sort) {}

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

    // ---- objects ----

    /**
     * The object the parser is at (START_OBJECT), bound to {@code type}; null when it has a
     * violation. A request's record is known once its {@code type} is read; without a valid type
     * only its id is checked.
     */
    Object bind(JsonParser p, Class<?> type, At at) throws IOException {
        ObjectShape shape = FactShapes.of(type);
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
                        ? orFailed(bind(p, f.type(), at.field(f.name(), f.ordinal())))
                        : t == JsonToken.START_ARRAY && f.kind() == Kind.LIST
                        ? orFailed(list(p, f, at.field(f.name(), f.ordinal()))) : scalar(p, t);
            }
        }
        if (shape.variants != null) {
            FieldShape tag = shape.fields.get(0);
            Object kind = value(members[tag.ordinal()], tag, at.field(tag.name(), tag.ordinal()));
            if (kind == null) {
                FieldShape id = FactShapes.of(shape.variants.values().iterator().next()).byName.get("id");
                value(others.get(id.name()), id, at.field(id.name(), id.ordinal()));
                return null;
            }
            shape = FactShapes.of(shape.variants.get(kind));
            members = new Object[shape.lastOrdinal + 1];
            for (Iterator<Map.Entry<String, Object>> it = others.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, Object> m = it.next();
                FieldShape f = shape.byName.get(m.getKey());
                if (f != null) {
                    members[f.ordinal()] = m.getValue();
                    it.remove();
                }
            }
        }
        posted(shape, members);
        for (String name : others.keySet()) {
            violation(at.field(name, 0), shape.unknownMessage);
        }
        Object[] args = new Object[shape.parameters];
        for (FieldShape f : shape.fields) {
            Object v = members[f.ordinal()];
            if (f.parameter() < 0) {
                continue; // the request's type: already read
            }
            At here = at.field(f.name(), f.ordinal());
            Sku sku = shape.skuParameter < 0 ? null : (Sku) args[shape.skuParameter];
            Object value = null;
            if (sku != null && !f.spec().onlyWithSku().contains(sku)) {
                if (v != null) {
                    violation(here, "allowed only with " + f.spec().onlyWithSku().phrase());
                }
            } else if (sku != null && v == null && f.spec().requiredWithSku()) {
                violation(here, "required for sku " + sku);
            } else {
                value = value(v, f, here);
            }
            if (value != null && f.notBefore() >= 0) {
                Object other = args[f.notBefore()];
                LocalDate limit = other instanceof Instant i ? LocalDate.ofInstant(i, ZoneOffset.UTC) : (LocalDate) other;
                if (limit != null && ((LocalDate) value).isBefore(limit)) {
                    violation(here, "must not be before " + f.spec().notBefore() + " (" + limit + ")");
                }
            }
            args[f.parameter()] = value == null ? f.fallback() : value;
        }
        if (problems.size() != mark) {
            return null;
        }
        try {
            return shape.constructor.invokeExact(args);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName() + " of " + Arrays.toString(args), e);
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

    /** The ids unique across the fact set (the first in the shape's order stands), then the references to them. */
    void finish() {
        Map<String, At> first = new HashMap<>();
        Map<String, Set<String>> named = new HashMap<>();
        ids.sort((a, b) -> Arrays.compare(a.sort, b.sort));
        for (Id id : ids) {
            At before = first.putIfAbsent(id.value, id.at);
            if (before != null) {
                violation(id.at, "duplicate id " + quote(id.value) + "; already used at " + before.path());
            } else if (!id.kind().isEmpty()) {
                named.computeIfAbsent(id.kind(), k -> new HashSet<>()).add(id.value);
            }
        }
        for (Id ref : references) {
            Set<String> known = named.getOrDefault(ref.kind, Set.of());
            if (!known.contains(ref.value)) {
                violation(ref.at, "unknown " + ref.kind + " " + quote(ref.value) + "; " + (known.isEmpty()
                        ? "the fact set has no " + ref.kind + "s" : "expected one of: " + known.stream().sorted()
                        .limit(MAX_LISTED_IDS).collect(Collectors.joining(", ")) + (known.size() > MAX_LISTED_IDS ? ", ..." : "")));
            }
        }
    }

    // ---- values ----

    /** The value of one field, or null when absent or wrong (a violation). */
    private Object value(Object v, FieldShape f, At at) {
        if (v == null) {
            return f.spec().required() ? wrong(at, "required") : null;
        }
        return switch (f.kind()) {
            case STRING -> v instanceof String s ? string(s, f, at) : wrong(at, "must be a string");
            case INTEGER -> v instanceof Integer || v instanceof Long || v instanceof BigInteger ? integer((Number) v, f, at)
                    : wrong(at, "must be an integer");
            case BOOLEAN -> v instanceof Boolean ? v : wrong(at, "must be a boolean");
            case ENUM -> enumValue(v, f.values(), at);
            case DATE, INSTANT -> {
                Object d = !(v instanceof String s) ? null : f.kind() == Kind.DATE ? parseDate(s) : parseInstant(s);
                yield d != null ? d : wrong(at, DATE_EXPECTED);
            }
            case OBJECT -> v == FAILED ? null : f.type().isInstance(v) ? v : wrong(at, "must be an object");
            case LIST -> v == FAILED ? null : v instanceof Collection ? v : wrong(at, "must be an array");
        };
    }

    private Object wrong(At at, String message) {
        violation(at, message);
        return null;
    }

    private Object string(String s, FieldShape f, At at) {
        FactField spec = f.spec();
        if (spec.nonEmpty() && s.isEmpty()) {
            return wrong(at, "must not be empty");
        }
        if (spec.maxLength() > 0 && s.length() > spec.maxLength()) {
            return wrong(at, "must be at most " + spec.maxLength() + " characters");
        }
        if (f.pattern() != null && !f.pattern().matcher(s).matches()) {
            return wrong(at, spec.patternMessage());
        }
        if (spec.uniqueId()) {
            ids.add(new Id(at, s, spec.names(), at.sort(0)));
        }
        if (!spec.refersTo().isEmpty()) {
            references.add(new Id(at, s, spec.refersTo(), null));
        }
        return s;
    }

    private Object integer(Number v, FieldShape f, At at) {
        long min = f.spec().min();
        long max = f.spec().max();
        if (v instanceof BigInteger big) {
            return wrong(at, big.signum() < 0 ? "must be >= " + min : "must be <= " + max);
        }
        long n = v.longValue();
        if (n < min || n > max) {
            return wrong(at, n < min ? "must be >= " + min : "must be <= " + max);
        }
        if (n == 0 && f.spec().nonZero()) {
            return wrong(at, "must not be 0");
        }
        return f.type() == int.class || f.type() == Integer.class ? (Object) (int) n : (Object) n;
    }

    private Object enumValue(Object v, List<? extends Enum<?>> values, At at) {
        for (Enum<?> e : values) {
            if (e.name().equals(v)) {
                return e;
            }
        }
        return wrong(at, (v instanceof String s ? "unknown value " + quote(s) : "must be a string")
                + "; expected one of: " + values.stream().map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** The list the parser is at (START_ARRAY); null when an element has a violation. */
    private Object list(JsonParser p, FieldShape f, At at) throws IOException {
        int mark = problems.size();
        List<Object> out = new ArrayList<>();
        JsonToken t;
        for (int i = 0; (t = p.nextToken()) != JsonToken.END_ARRAY; i++) {
            element(f, i);
            if (f.values() != null) {
                out.add(enumValue(scalar(p, t), f.values(), at.element(i)));
            } else if (t == JsonToken.START_OBJECT) {
                out.add(bind(p, f.element(), at.element(i)));
            } else {
                p.skipChildren();
                violation(at.element(i), "must be an object");
            }
        }
        if (problems.size() != mark) {
            return null;
        }
        if (f.values() != null) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Set<?> set = out.isEmpty() ? EnumSet.noneOf((Class) f.element()) : EnumSet.copyOf((List) out);
            return Collections.unmodifiableSet(set);
        }
        return Collections.unmodifiableList(out);
    }

    // ---- dates ----

    static LocalDate parseDate(String s) {
        LocalDate d = plainDate(s);
        Instant i = d == null ? parseInstant(s) : null;
        return d != null ? d : i == null ? null : LocalDate.ofInstant(i, ZoneOffset.UTC);
    }

    static Instant parseInstant(String s) {
        LocalDate d = plainDate(s);
        if (d != null) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        if (s.length() == 20 && s.charAt(10) == 'T' && s.charAt(13) == ':' && s.charAt(16) == ':' && s.charAt(19) == 'Z') {
            LocalDate day = plainDate(s.substring(0, 10)); // the common form, without a formatter
            int h = twoDigits(s, 11);
            int m = twoDigits(s, 14);
            int sec = twoDigits(s, 17);
            if (day != null && h >= 0 && h < 24 && m >= 0 && m < 60 && sec >= 0 && sec < 60) {
                return day.atTime(h, m, sec).toInstant(ZoneOffset.UTC);
            }
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

    /** {@code yyyy-MM-dd}, parsed by hand: the common case costs no formatter and no exception. */
    private static LocalDate plainDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        for (int i = 0; i < 10; i++) {
            if (i != 4 && i != 7 && (s.charAt(i) < '0' || s.charAt(i) > '9')) {
                return null;
            }
        }
        int y = Integer.parseInt(s, 0, 4, 10);
        int m = Integer.parseInt(s, 5, 7, 10);
        int d = Integer.parseInt(s, 8, 10, 10);
        return m < 1 || m > 12 || d < 1 || d > Month.of(m).length(Year.isLeap(y)) ? null : LocalDate.of(y, m, d);
    }

    private static int twoDigits(String s, int at) {
        char a = s.charAt(at);
        char b = s.charAt(at + 1);
        return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + b - '0' : -1;
    }

    /** A value quoted for a message, cut short if long. */
    static String quote(String s) {
        return "'" + (s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...") + "'";
    }
}

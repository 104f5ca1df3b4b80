package io.cilicensing.facts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Typed, validating access to the fields of one JSON object of a request body. Every getter
 * returns {@code null} when the field is absent, JSON {@code null}, or invalid; an invalid or
 * missing required value is recorded as a {@link Violation} at the field's path, so a caller
 * reads every field and learns every problem in one pass. No getter throws.
 *
 * <p>The object's path ({@code licenses[3]}) is built only when a violation needs it, so a
 * hundred thousand valid interaction records cost no string building.
 */
final class JsonFields {
    static final String DATE_EXPECTED = "must be a date (2024-07-01) or a date-time with offset";
    private static final int MAX_ECHO = 60;

    /** The field names an object may have, with the message for any other. */
    static final class Allowed {
        private final Set<String> names;
        private final String message;

        private Allowed(Set<String> names, String message) {
            this.names = names;
            this.message = message;
        }

        static Allowed of(String... names) {
            return new Allowed(Set.of(names), "unknown field; expected one of: " + String.join(", ", names));
        }

        static Allowed of(String context, List<String> names) {
            return new Allowed(Set.copyOf(names),
                    "unknown field " + context + "; expected one of: " + String.join(", ", names));
        }

        boolean contains(String name) {
            return names.contains(name);
        }

        String message() {
            return message;
        }
    }

    private final JsonNode node;
    private final String parent;
    private final int index;
    private final List<Violation> out;
    private String path;

    /** The object at {@code path} ({@code ""} for the top level). */
    JsonFields(JsonNode node, String path, List<Violation> out) {
        this.node = node;
        this.parent = path;
        this.index = -1;
        this.path = path;
        this.out = out;
    }

    /** The object at {@code parent[index]}; the path is built only if a violation needs it. */
    JsonFields(JsonNode node, String parent, int index, List<Violation> out) {
        this.node = node;
        this.parent = parent;
        this.index = index;
        this.out = out;
    }

    /** The path of this object, e.g. {@code licenses[0]}. */
    String path() {
        if (path == null) {
            path = parent + '[' + index + ']';
        }
        return path;
    }

    /** The path of one of its fields, e.g. {@code licenses[0].quantity}. */
    String pathOf(String field) {
        String p = path();
        return p.isEmpty() ? field : p + '.' + field;
    }

    void violation(String field, String message) {
        out.add(new Violation(pathOf(field), message));
    }

    /** Number of violations recorded so far (by any reader sharing the list). */
    int violationCount() {
        return out.size();
    }

    /** The value of the field, or null when it is absent or JSON null. */
    JsonNode value(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    /** True when the field is present and not JSON null. */
    boolean given(String field) {
        return value(field) != null;
    }

    /** Records a violation for every field not in {@code allowed}; the path is the unknown key. */
    void rejectUnknown(Allowed allowed) {
        for (Map.Entry<String, JsonNode> property : node.properties()) {
            if (!allowed.contains(property.getKey())) {
                violation(property.getKey(), allowed.message());
            }
        }
    }

    /**
     * When the field is given but {@code allowedHere} is false, records {@code message} at it and
     * returns false: the caller then skips reading it. Otherwise returns true.
     */
    boolean allowedOnlyIf(String field, boolean allowedHere, String message) {
        if (!allowedHere && given(field)) {
            violation(field, message);
            return false;
        }
        return true;
    }

    private JsonNode valueOrRequired(String field, boolean required) {
        JsonNode v = value(field);
        if (v == null && required) {
            violation(field, "required");
        }
        return v;
    }

    // ---- strings ----

    String string(String field, boolean required) {
        JsonNode v = valueOrRequired(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            violation(field, "must be a string");
            return null;
        }
        return v.textValue();
    }

    String nonEmptyString(String field, boolean required) {
        String s = string(field, required);
        if (s != null && s.isEmpty()) {
            violation(field, "must not be empty");
            return null;
        }
        return s;
    }

    /** A geo code: a non-empty string, upper-cased. */
    String geo(String field, boolean required) {
        String s = nonEmptyString(field, required);
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    // ---- numbers and booleans ----

    /** An integral JSON number in {@code [min, max]}; 1.5, 1.0 and "3" are not integers. */
    Long integer(String field, boolean required, long min, long max) {
        JsonNode v = valueOrRequired(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber()) {
            violation(field, "must be an integer");
            return null;
        }
        if (!v.canConvertToLong()) {
            violation(field, v.bigIntegerValue().signum() < 0 ? "must be >= " + min : "must be <= " + max);
            return null;
        }
        long n = v.longValue();
        if (n < min) {
            violation(field, "must be >= " + min);
            return null;
        }
        if (n > max) {
            violation(field, "must be <= " + max);
            return null;
        }
        return n;
    }

    /** An integral JSON number in {@code [min, Integer.MAX_VALUE]}. */
    Integer intValue(String field, boolean required, int min) {
        Long n = integer(field, required, min, Integer.MAX_VALUE);
        return n == null ? null : n.intValue();
    }

    Boolean bool(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            violation(field, "must be a boolean");
            return null;
        }
        return v.booleanValue();
    }

    // ---- enums ----

    /** One of {@code allowed}, by its exact name. */
    <E extends Enum<E>> E enumValue(String field, boolean required, List<E> allowed) {
        JsonNode v = valueOrRequired(field, required);
        if (v == null) {
            return null;
        }
        E e = enumOf(v, allowed);
        if (e == null) {
            violation(field, enumMessage(v, allowed));
        }
        return e;
    }

    /** The constant of {@code allowed} named by {@code v}, or null (no exception either way). */
    static <E extends Enum<E>> E enumOf(JsonNode v, List<E> allowed) {
        return v == null || !v.isTextual() ? null : enumNamed(v.textValue(), allowed);
    }

    /** The constant of {@code allowed} with exactly the name {@code s}, or null. */
    static <E extends Enum<E>> E enumNamed(String s, List<E> allowed) {
        for (E e : allowed) {
            if (e.name().equals(s)) {
                return e;
            }
        }
        return null;
    }

    static String enumMessage(JsonNode v, List<? extends Enum<?>> allowed) {
        if (v == null || !v.isTextual()) {
            return notAStringValue(allowed);
        }
        return unknownValue(v.textValue(), allowed);
    }

    static String unknownValue(String s, List<? extends Enum<?>> allowed) {
        return "unknown value " + quote(s) + "; expected one of: " + names(allowed);
    }

    static String notAStringValue(List<? extends Enum<?>> allowed) {
        return "must be a string; expected one of: " + names(allowed);
    }

    private static String names(List<? extends Enum<?>> allowed) {
        return allowed.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    // ---- dates ----

    /** A date (its 00:00 UTC) or a date-time with offset, as an instant. */
    Instant instant(String field, boolean required) {
        String s = dateText(field, required);
        if (s == null) {
            return null;
        }
        Instant i = parseInstant(s);
        if (i == null) {
            violation(field, DATE_EXPECTED);
        }
        return i;
    }

    /** A date, or the UTC calendar date of a date-time with offset. */
    LocalDate date(String field, boolean required) {
        String s = dateText(field, required);
        if (s == null) {
            return null;
        }
        LocalDate d = parseDate(s);
        if (d == null) {
            violation(field, DATE_EXPECTED);
        }
        return d;
    }

    private String dateText(String field, boolean required) {
        JsonNode v = valueOrRequired(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            violation(field, DATE_EXPECTED);
            return null;
        }
        return v.textValue();
    }

    /** {@code yyyy-MM-dd} or an ISO date-time with offset, as a UTC calendar date; null if neither. */
    static LocalDate parseDate(String s) {
        LocalDate d = plainDate(s);
        if (d != null) {
            return d;
        }
        OffsetDateTime t = dateTime(s);
        return t == null ? null : LocalDate.ofInstant(t.toInstant(), ZoneOffset.UTC);
    }

    /** {@code yyyy-MM-dd} (00:00 UTC) or an ISO date-time with offset, as an instant; null if neither. */
    static Instant parseInstant(String s) {
        LocalDate d = plainDate(s);
        if (d != null) {
            return d.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        OffsetDateTime t = dateTime(s);
        return t == null ? null : t.toInstant();
    }

    /** {@code yyyy-MM-dd}, parsed by hand: the common case costs no formatter and no exception. */
    private static LocalDate plainDate(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > Month.of(m).length(Year.isLeap(y))) {
            return null;
        }
        return LocalDate.of(y, m, d);
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static OffsetDateTime dateTime(String s) {
        // A date-time has a time part; anything else is rejected without a parse attempt.
        if (s.length() < 16 || (s.charAt(10) != 'T' && s.charAt(10) != 't')) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- nested values ----

    /** The field as an array; null when absent (an empty list) or not an array (a violation). */
    JsonNode array(String field) {
        JsonNode v = value(field);
        if (v == null) {
            return null;
        }
        if (!v.isArray()) {
            violation(field, "must be an array");
            return null;
        }
        return v;
    }

    /** The field as an object; null when absent (a violation if required) or not an object (a violation). */
    JsonFields object(String field, boolean required) {
        JsonNode v = valueOrRequired(field, required);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            violation(field, "must be an object");
            return null;
        }
        return new JsonFields(v, pathOf(field), out);
    }

    /** A value quoted for a message, cut short if long. */
    static String quote(String s) {
        return "'" + (s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...") + "'";
    }
}

package io.cilicensing.facts;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
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
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Binds a parsed JSON tree to the fact records by the shape their {@link FactField} annotations
 * describe, collecting every violation with its path. It knows JSON and Java types, not the
 * request: which fields exist, their types, bounds and defaults are the records'. Violations
 * are listed in the order of the shape (fields in declaration order, unknown fields first in
 * their object, an object's own problem after those inside it), whatever the order of the JSON.
 * One instance reads one body.
 */
final class FactBinder {
    static final String DATE_EXPECTED = "must be a date (2024-07-01) or a date-time with offset";
    private static final int MAX_ECHO = 60;
    private static final int MAX_LISTED_IDS = 20;
    private static final ClassValue<ObjectShape> SHAPES = new ClassValue<>() {
        @Override
        protected ObjectShape computeValue(Class<?> type) {
            return ObjectShape.of(type);
        }
    };

    private record Problem(String sort, Violation violation) {}

    private final List<Problem> problems = new ArrayList<>();
    /** id -> where it first occurred, over licenses, addOns, environments and requests. */
    private final Map<String, At> ids = new HashMap<>();
    /** kind ("environment") -> the ids of that kind seen so far. */
    private final Map<String, Set<String>> named = new HashMap<>();

    static ObjectShape shapeOf(Class<?> type) {
        return SHAPES.get(type);
    }

    /** The ids of this kind seen so far (e.g. "environment"). */
    Set<String> named(String kind) {
        return named.getOrDefault(kind, Set.of());
    }

    boolean hasProblems() {
        return !problems.isEmpty();
    }

    /** Every violation so far, in the shape's order. */
    List<Violation> violations() {
        return problems.stream().sorted(Comparator.comparing(Problem::sort)).map(Problem::violation).toList();
    }

    void violation(At at, String message) {
        problems.add(new Problem(at.sort() + "~", new Violation(at.path(), message)));
    }

    // ---- where a value is: a path for messages, a key that orders them as the shape does ----

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
            if (parent == null) {
                return "";
            }
            String p = parent.path();
            return name == null ? p + "[" + ordinalOrIndex + "]" : p.isEmpty() ? name : p + "." + name;
        }

        String sort() {
            return parent == null ? "" : parent.sort() + (name == null ? String.format("[%09d", ordinalOrIndex)
                    : String.format(".%03d", ordinalOrIndex));
        }
    }

    // ---- objects ----

    /** The object at {@code at} bound to {@code type}, or null when it has a violation (all of them recorded). */
    Object bindObject(JsonNode node, Class<?> type, At at) {
        ObjectShape shape = shapeOf(type);
        if (shape.variants != null) {
            return bindVariant(node, shape, at);
        }
        int mark = problems.size();
        int known = 0; // properties of the node that the shape names
        Object[] args = new Object[shape.parameters];
        for (FieldShape f : shape.fields) {
            JsonNode v = node.get(f.name);
            if (v != null) {
                known++;
            }
            if (f.parameter < 0) {
                continue; // the variant's discriminator: already read
            }
            v = v == null || v.isNull() ? null : v;
            At here = at.field(f.name, f.ordinal);
            Object value = null;
            Sku sku = shape.skuParameter < 0 ? null : (Sku) args[shape.skuParameter];
            if (sku != null && !f.spec.onlyWithSku().contains(sku)) {
                if (v != null) {
                    violation(here, "allowed only with " + f.spec.onlyWithSku().phrase());
                }
            } else if (sku != null && v == null && f.spec.requiredWithSku()) {
                violation(here, "required for sku " + sku);
            } else {
                value = value(v, f, here);
            }
            if (value != null && !f.spec.notBefore().isEmpty()) {
                notBefore((LocalDate) value, args[shape.byName.get(f.spec.notBefore()).parameter], f, here);
            }
            args[f.parameter] = value == null ? f.fallback : value;
        }
        if (known != node.size()) {
            node.fieldNames().forEachRemaining(name -> {
                if (!shape.byName.containsKey(name)) {
                    problems.add(new Problem(at.field(name, 0).sort() + "~",
                            new Violation(at.field(name, 0).path(), shape.unknownMessage)));
                }
            });
        }
        if (problems.size() != mark) {
            return null;
        }
        try {
            return shape.constructor.newInstance(args);
        } catch (InstantiationException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot make a " + type.getSimpleName() + " of " + Arrays.toString(args), e);
        }
    }

    private Object bindVariant(JsonNode node, ObjectShape shape, At at) {
        FieldShape tag = shape.fields.get(0);
        Object kind = value(node.get(tag.name) == null || node.get(tag.name).isNull() ? null : node.get(tag.name), tag,
                at.field(tag.name, tag.ordinal));
        if (kind == null) {
            // which fields are allowed depends on the type: only the id can still be checked
            FieldShape id = shapeOf(shape.variants.values().iterator().next()).byName.get("id");
            JsonNode v = node.get("id");
            value(v == null || v.isNull() ? null : v, id, at.field("id", id.ordinal));
            return null;
        }
        return bindObject(node, shape.variants.get(kind), at);
    }

    private void notBefore(LocalDate value, Object other, FieldShape f, At here) {
        LocalDate limit = other instanceof Instant i ? LocalDate.ofInstant(i, ZoneOffset.UTC) : (LocalDate) other;
        if (limit != null && value.isBefore(limit)) {
            violation(here, "must not be before " + f.spec.notBefore() + " (" + limit + ")");
        }
    }

    // ---- values ----

    /** The value of one field, or null when absent or wrong (a violation). */
    Object value(JsonNode v, FieldShape f, At at) {
        if (v == null) {
            if (f.spec.required()) {
                violation(at, "required");
            }
            return null;
        }
        return switch (f.kind) {
            case STRING -> string(v, f, at);
            case INTEGER -> integer(v, f, at);
            case BOOLEAN -> bool(v, at);
            case ENUM -> enumValue(v, f.values, at);
            case DATE -> date(v, at, false);
            case INSTANT -> date(v, at, true);
            case OBJECT -> v.isObject() ? bindObject(v, f.type, at) : wrong(at, "must be an object");
            case LIST -> list(v, f, at);
        };
    }

    private Object wrong(At at, String message) {
        violation(at, message);
        return null;
    }

    private Object string(JsonNode v, FieldShape f, At at) {
        if (!v.isTextual()) {
            return wrong(at, "must be a string");
        }
        String s = v.textValue();
        FactField spec = f.spec;
        if (spec.nonEmpty() && s.isEmpty()) {
            return wrong(at, "must not be empty");
        }
        if (spec.maxLength() > 0 && s.length() > spec.maxLength()) {
            return wrong(at, "must be at most " + spec.maxLength() + " characters");
        }
        if (f.pattern != null && !f.pattern.matcher(s).matches()) {
            return wrong(at, spec.patternMessage());
        }
        if (spec.uniqueId()) {
            At first = ids.putIfAbsent(s, at);
            if (first != null) {
                return wrong(at, "duplicate id " + quote(s) + "; already used at " + first.path());
            }
            if (!spec.names().isEmpty()) {
                named.computeIfAbsent(spec.names(), k -> new HashSet<>()).add(s);
            }
        }
        if (!spec.refersTo().isEmpty()) {
            Set<String> known = named.getOrDefault(spec.refersTo(), Set.of());
            if (!known.contains(s)) {
                return wrong(at, "unknown " + spec.refersTo() + " " + quote(s) + "; " + (known.isEmpty()
                        ? "the fact set has no " + spec.refersTo() + "s"
                        : "expected one of: " + known.stream().sorted().limit(MAX_LISTED_IDS)
                        .collect(Collectors.joining(", ")) + (known.size() > MAX_LISTED_IDS ? ", ..." : "")));
            }
        }
        return s;
    }

    private Object integer(JsonNode v, FieldShape f, At at) {
        if (!v.isIntegralNumber()) {
            return wrong(at, "must be an integer");
        }
        long min = f.spec.min();
        long max = f.spec.max();
        if (!v.canConvertToLong()) {
            return wrong(at, v.bigIntegerValue().signum() < 0 ? "must be >= " + min : "must be <= " + max);
        }
        long n = v.longValue();
        if (n < min) {
            return wrong(at, "must be >= " + min);
        }
        if (n > max) {
            return wrong(at, "must be <= " + max);
        }
        if (n == 0 && f.spec.nonZero()) {
            return wrong(at, "must not be 0");
        }
        return f.type == int.class || f.type == Integer.class ? (Object) (int) n : (Object) n;
    }

    private Object bool(JsonNode v, At at) {
        return v.isBoolean() ? v.booleanValue() : wrong(at, "must be a boolean");
    }

    private Object enumValue(JsonNode v, List<? extends Enum<?>> values, At at) {
        if (v.isTextual()) {
            String s = v.textValue();
            for (Enum<?> e : values) {
                if (e.name().equals(s)) {
                    return e;
                }
            }
        }
        String names = values.stream().map(Enum::name).collect(Collectors.joining(", "));
        return wrong(at, (v.isTextual() ? "unknown value " + quote(v.textValue()) : "must be a string")
                + "; expected one of: " + names);
    }

    private Object date(JsonNode v, At at, boolean instant) {
        Object d = !v.isTextual() ? null : instant ? parseInstant(v.textValue()) : parseDate(v.textValue());
        return d != null ? d : wrong(at, DATE_EXPECTED);
    }

    private Object list(JsonNode v, FieldShape f, At at) {
        if (!v.isArray()) {
            return wrong(at, "must be an array");
        }
        boolean enums = f.values != null;
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            At here = at.element(i);
            Object item = enums ? enumValue(e, f.values, here)
                    : e.isObject() ? bindObject(e, f.element, here) : wrong(here, "must be an object");
            if (item != null) {
                out.add(item);
            }
        }
        if (enums) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Set<?> set = out.isEmpty() ? EnumSet.noneOf((Class) f.element) : EnumSet.copyOf((List) out);
            return Collections.unmodifiableSet(set);
        }
        return Collections.unmodifiableList(out);
    }

    // ---- dates ----

    static LocalDate parseDate(String s) {
        LocalDate d = plainDate(s);
        if (d != null) {
            return d;
        }
        OffsetDateTime t = dateTime(s);
        return t == null ? null : LocalDate.ofInstant(t.toInstant(), ZoneOffset.UTC);
    }

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
        // a date-time has a time part; anything else (or anything long) is rejected without a parse attempt
        if (s.length() < 16 || s.length() > 40 || (s.charAt(10) != 'T' && s.charAt(10) != 't')) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A value quoted for a message, cut short if long. */
    static String quote(String s) {
        return "'" + (s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...") + "'";
    }

    // ---- shapes ----

    enum Kind { STRING, INTEGER, BOOLEAN, ENUM, DATE, INSTANT, OBJECT, LIST }

    /**
     * One field: its name, ordinal in the shape (1-based; 0 is for unknown fields), Java type,
     * constructor parameter (-1 for a variant's discriminator), what {@link FactField} says, the
     * enum values it takes, the element type of a list and the value used when it is absent.
     */
    record FieldShape(String name, int ordinal, int parameter, Kind kind, Class<?> type, Class<?> element,
                      List<? extends Enum<?>> values, FactField spec, Pattern pattern, Object fallback) {}

    /**
     * The shape of a record (or of a class with one public constructor): its fields in order. For
     * a sealed interface with a discriminator (requests: {@code type}), {@code variants} maps each
     * discriminator value to its record, and {@code fields} holds the discriminator alone.
     */
    static final class ObjectShape {
        final Class<?> type;
        final Constructor<?> constructor;
        final List<FieldShape> fields;
        final Map<String, FieldShape> byName = new LinkedHashMap<>();
        final int parameters;
        final int skuParameter;
        final String unknownMessage;
        final Map<Object, Class<?>> variants;

        private ObjectShape(Class<?> type, Constructor<?> constructor, List<FieldShape> fields, String context,
                            Map<Object, Class<?>> variants) {
            this.type = type;
            this.constructor = constructor;
            this.fields = fields;
            fields.forEach(f -> byName.put(f.name, f));
            this.parameters = constructor == null ? 0 : constructor.getParameterCount();
            FieldShape sku = byName.get("sku");
            this.skuParameter = sku != null && sku.type == Sku.class ? sku.parameter : -1;
            this.unknownMessage = "unknown field" + context + "; expected one of: " + String.join(", ", byName.keySet());
            this.variants = variants;
        }

        static ObjectShape of(Class<?> type) {
            if (type == Request.class) {
                Map<Object, Class<?>> variants = new LinkedHashMap<>();
                for (RequestType t : RequestType.values()) {
                    variants.put(t, t.shape());
                }
                return new ObjectShape(type, null, List.of(discriminator()), "", variants);
            }
            Constructor<?> ctor = type.isRecord() ? canonical(type) : type.getConstructors()[0];
            List<FieldShape> fields = new ArrayList<>();
            Parameter[] params = ctor.getParameters();
            boolean variant = Request.class.isAssignableFrom(type);
            for (int i = 0; i < params.length; i++) {
                if (variant && i == 1) {
                    fields.add(discriminator()); // listed after the id: "id, type, ..."
                }
                fields.add(field(params[i].getName(), fields.size() + 1, i, params[i].getType(),
                        params[i].getParameterizedType(), params[i].getAnnotation(FactField.class)));
            }
            String context = variant ? " for type " + RequestType.of(type) : "";
            return new ObjectShape(type, ctor, List.copyOf(fields), context, null);
        }

        private static FieldShape discriminator() {
            return field("type", 2, -1, RequestType.class, RequestType.class, Spec.REQUIRED);
        }

        private static Constructor<?> canonical(Class<?> type) {
            Class<?>[] types = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getType)
                    .toArray(Class<?>[]::new);
            try {
                return type.getDeclaredConstructor(types);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        private static FieldShape field(String name, int ordinal, int parameter, Class<?> type,
                                        java.lang.reflect.Type generic, FactField spec) {
            spec = spec == null ? Spec.NONE : spec;
            Class<?> element = null;
            Kind kind;
            List<? extends Enum<?>> values = null;
            if (type == String.class) {
                kind = Kind.STRING;
            } else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
                kind = Kind.INTEGER;
            } else if (type == boolean.class || type == Boolean.class) {
                kind = Kind.BOOLEAN;
            } else if (type == LocalDate.class) {
                kind = Kind.DATE;
            } else if (type == Instant.class) {
                kind = Kind.INSTANT;
            } else if (type.isEnum()) {
                kind = Kind.ENUM;
                values = enumValues(type, spec);
            } else if (List.class.isAssignableFrom(type) || Set.class.isAssignableFrom(type)) {
                kind = Kind.LIST;
                element = (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0];
                values = element.isEnum() ? enumValues(element, spec) : null;
            } else {
                kind = Kind.OBJECT;
            }
            Pattern pattern = spec.pattern().isEmpty() ? null : Pattern.compile(spec.pattern());
            return new FieldShape(name, ordinal, parameter, kind, type, element, values, spec, pattern,
                    fallback(type, kind, spec, values));
        }

        private static List<? extends Enum<?>> enumValues(Class<?> type, FactField spec) {
            List<Enum<?>> all = new ArrayList<>();
            for (Object e : type.getEnumConstants()) {
                if (type != Sku.class || spec.skus().contains((Sku) e)) {
                    all.add((Enum<?>) e);
                }
            }
            return List.copyOf(all);
        }

        /** The value of an absent field: its default, an empty list, or null (0 / false for primitives). */
        private static Object fallback(Class<?> type, Kind kind, FactField spec, List<? extends Enum<?>> values) {
            String d = spec.byDefault();
            if (kind == Kind.LIST) {
                return values != null ? Set.of() : List.of();
            }
            if (d.isEmpty()) {
                return type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0
                        : type == long.class ? (Object) 0L : null;
            }
            return switch (kind) {
                case BOOLEAN -> Boolean.parseBoolean(d);
                case INTEGER -> type == int.class || type == Integer.class ? (Object) Integer.parseInt(d)
                        : (Object) Long.parseLong(d);
                case ENUM -> values.stream().filter(e -> e.name().equals(d)).findFirst()
                        .orElseThrow(() -> new IllegalStateException("default " + d + " is not a value of " + type));
                default -> d;
            };
        }
    }

    /** FactField values for fields that carry no annotation, and for the discriminator. */
    private record Spec(@FactField int none, @FactField(required = true) int required) {
        static final FactField NONE = Spec.class.getRecordComponents()[0].getAnnotation(FactField.class);
        static final FactField REQUIRED = Spec.class.getRecordComponents()[1].getAnnotation(FactField.class);
    }
}

package io.cilicensing.facts;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
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
 * A record's shape is worked out once ({@link ObjectShape}: constructor, fields, annotations
 * copied into plain records); one binder instance reads one body.
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

        /** A key that orders places as the shape does. */
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
        int known = 0; // members of the node that the shape names
        Object[] args = new Object[shape.parameters];
        for (FieldShape f : shape.fields) {
            JsonNode v = node.get(f.name);
            known += v == null ? 0 : 1;
            if (f.parameter < 0) {
                continue; // the variant's discriminator: already read
            }
            v = v == null || v.isNull() ? null : v;
            At here = at.field(f.name, f.ordinal);
            Sku sku = shape.skuParameter < 0 ? null : (Sku) args[shape.skuParameter];
            Object value = null;
            if (sku != null && !f.spec.onlyWithSku().contains(sku)) {
                if (v != null) {
                    violation(here, "allowed only with " + f.spec.onlyWithSku().phrase());
                }
            } else if (sku != null && v == null && f.spec.requiredWithSku()) {
                violation(here, "required for sku " + sku);
            } else {
                value = value(v, f, here);
            }
            if (value != null && f.notBefore >= 0) {
                Object other = args[f.notBefore];
                LocalDate limit = other instanceof Instant i ? LocalDate.ofInstant(i, ZoneOffset.UTC) : (LocalDate) other;
                if (limit != null && ((LocalDate) value).isBefore(limit)) {
                    violation(here, "must not be before " + f.spec.notBefore() + " (" + limit + ")");
                }
            }
            args[f.parameter] = value == null ? f.fallback : value;
        }
        if (known != node.size()) {
            node.fieldNames().forEachRemaining(name -> {
                if (!shape.byName.containsKey(name)) {
                    violation(at.field(name, 0), shape.unknownMessage);
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

    /** A request: its {@code type} says which record; without a valid type only the id can be checked. */
    private Object bindVariant(JsonNode node, ObjectShape shape, At at) {
        FieldShape tag = shape.fields.get(0);
        Object kind = value(present(node, tag.name), tag, at.field(tag.name, tag.ordinal));
        if (kind != null) {
            return bindObject(node, shape.variants.get(kind), at);
        }
        FieldShape id = shapeOf(shape.variants.values().iterator().next()).byName.get("id");
        value(present(node, "id"), id, at.field("id", id.ordinal));
        return null;
    }

    private static JsonNode present(JsonNode node, String name) {
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    // ---- values ----

    /** The value of one field, or null when absent or wrong (a violation). */
    private Object value(JsonNode v, FieldShape f, At at) {
        if (v == null) {
            return f.spec.required() ? wrong(at, "required") : null;
        }
        return switch (f.kind) {
            case STRING -> v.isTextual() ? string(v.textValue(), f, at) : wrong(at, "must be a string");
            case INTEGER -> v.isIntegralNumber() ? integer(v, f, at) : wrong(at, "must be an integer");
            case BOOLEAN -> v.isBoolean() ? v.booleanValue() : wrong(at, "must be a boolean");
            case ENUM -> enumValue(v, f.values, at);
            case DATE, INSTANT -> {
                Object d = !v.isTextual() ? null : f.kind == Kind.DATE ? parseDate(v.textValue()) : parseInstant(v.textValue());
                yield d != null ? d : wrong(at, DATE_EXPECTED);
            }
            case OBJECT -> v.isObject() ? bindObject(v, f.type, at) : wrong(at, "must be an object");
            case LIST -> v.isArray() ? list(v, f, at) : wrong(at, "must be an array");
        };
    }

    private Object wrong(At at, String message) {
        violation(at, message);
        return null;
    }

    private Object string(String s, FieldShape f, At at) {
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
        String kind = spec.refersTo();
        if (!kind.isEmpty() && !named(kind).contains(s)) {
            Set<String> known = named(kind);
            return wrong(at, "unknown " + kind + " " + quote(s) + "; " + (known.isEmpty() ? "the fact set has no "
                    + kind + "s" : "expected one of: " + known.stream().sorted().limit(MAX_LISTED_IDS)
                    .collect(Collectors.joining(", ")) + (known.size() > MAX_LISTED_IDS ? ", ..." : "")));
        }
        return s;
    }

    private Object integer(JsonNode v, FieldShape f, At at) {
        long min = f.spec.min();
        long max = f.spec.max();
        if (!v.canConvertToLong()) {
            return wrong(at, v.bigIntegerValue().signum() < 0 ? "must be >= " + min : "must be <= " + max);
        }
        long n = v.longValue();
        if (n < min || n > max) {
            return wrong(at, n < min ? "must be >= " + min : "must be <= " + max);
        }
        if (n == 0 && f.spec.nonZero()) {
            return wrong(at, "must not be 0");
        }
        return f.type == int.class || f.type == Integer.class ? (Object) (int) n : (Object) n;
    }

    private Object enumValue(JsonNode v, List<? extends Enum<?>> values, At at) {
        for (Enum<?> e : values) {
            if (v.isTextual() && e.name().equals(v.textValue())) {
                return e;
            }
        }
        return wrong(at, (v.isTextual() ? "unknown value " + quote(v.textValue()) : "must be a string")
                + "; expected one of: " + values.stream().map(Enum::name).collect(Collectors.joining(", ")));
    }

    private Object list(JsonNode v, FieldShape f, At at) {
        List<Object> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            Object item = f.values != null ? enumValue(e, f.values, at.element(i))
                    : e.isObject() ? bindObject(e, f.element, at.element(i)) : wrong(at.element(i), "must be an object");
            if (item != null) {
                out.add(item);
            }
        }
        if (f.values != null) {
            @SuppressWarnings({"unchecked", "rawtypes"})
            Set<?> set = out.isEmpty() ? EnumSet.noneOf((Class) f.element) : EnumSet.copyOf((List) out);
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

    /** A value quoted for a message, cut short if long. */
    static String quote(String s) {
        return "'" + (s.length() <= MAX_ECHO ? s : s.substring(0, MAX_ECHO) + "...") + "'";
    }

    // ---- shapes ----

    enum Kind { STRING, INTEGER, BOOLEAN, ENUM, DATE, INSTANT, OBJECT, LIST }

    /**
     * One field: its name, ordinal in the shape (1-based; 0 is for unknown fields), constructor
     * parameter (-1 for a variant's discriminator), JSON kind and Java type, the element type of a
     * list, the enum values it takes, what {@link FactField} says, the constructor parameter of
     * the {@code notBefore} field (-1 if none) and the value used when it is absent.
     */
    record FieldShape(String name, int ordinal, int parameter, Kind kind, Class<?> type, Class<?> element,
                      List<? extends Enum<?>> values, FactField spec, Pattern pattern, int notBefore, Object fallback) {}

    /**
     * The shape of a record (or of a class with one constructor): its fields in order. For a
     * sealed interface with a discriminator (requests: {@code type}), {@code variants} maps each
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
            FieldShape discriminator = field("type", 2, -1, RequestType.class, null, Spec.REQUIRED, List.of());
            if (type == Request.class) {
                Map<Object, Class<?>> variants = new LinkedHashMap<>();
                Arrays.stream(RequestType.values()).forEach(t -> variants.put(t, t.shape()));
                return new ObjectShape(type, null, List.of(discriminator), "", variants);
            }
            Constructor<?>[] constructors = type.getDeclaredConstructors();
            if (constructors.length != 1) {
                throw new IllegalStateException(type + " must have one constructor, the shape of its JSON");
            }
            List<FieldShape> fields = new ArrayList<>();
            Parameter[] params = constructors[0].getParameters();
            boolean variant = Request.class.isAssignableFrom(type);
            for (int i = 0; i < params.length; i++) {
                if (variant && i == 1) {
                    fields.add(discriminator); // listed after the id: "id, type, ..."
                }
                fields.add(field(params[i].getName(), fields.size() + 1, i, params[i].getType(),
                        params[i].getParameterizedType(), params[i].getAnnotation(FactField.class), List.of(params)));
            }
            String context = variant ? " for type " + RequestType.of(type) : "";
            return new ObjectShape(type, constructors[0], List.copyOf(fields), context, null);
        }

        private static FieldShape field(String name, int ordinal, int parameter, Class<?> type,
                                        java.lang.reflect.Type generic, FactField annotation, List<Parameter> all) {
            Spec spec = Spec.of(annotation == null ? Spec.NONE : annotation);
            boolean list = Collection.class.isAssignableFrom(type);
            Class<?> element = list ? (Class<?>) ((ParameterizedType) generic).getActualTypeArguments()[0] : null;
            Class<?> valueType = list ? element : type;
            List<? extends Enum<?>> values = !valueType.isEnum() ? null : Arrays.stream(valueType.getEnumConstants())
                    .map(e -> (Enum<?>) e).filter(e -> !(e instanceof Sku s) || spec.skus().contains(s)).toList();
            Kind kind = list ? Kind.LIST : type == String.class ? Kind.STRING : type == LocalDate.class ? Kind.DATE
                    : type == Instant.class ? Kind.INSTANT : type == boolean.class || type == Boolean.class ? Kind.BOOLEAN
                    : values != null ? Kind.ENUM : List.of(int.class, Integer.class, long.class, Long.class).contains(type)
                    ? Kind.INTEGER : Kind.OBJECT;
            String d = spec.byDefault();
            Object fallback = list ? (values != null ? Set.of() : List.of()) : d.isEmpty()
                    ? (type == boolean.class ? Boolean.FALSE : type == int.class ? (Object) 0 : type == long.class ? (Object) 0L : null)
                    : switch (kind) {
                        case BOOLEAN -> Boolean.parseBoolean(d);
                        case INTEGER -> type == int.class || type == Integer.class ? (Object) Integer.parseInt(d) : (Object) Long.parseLong(d);
                        case ENUM -> values.stream().filter(e -> e.name().equals(d)).findFirst()
                                .orElseThrow(() -> new IllegalStateException("default " + d + " is not a value of " + type));
                        default -> d;
                    };
            int notBefore = all.stream().map(Parameter::getName).toList().indexOf(spec.notBefore());
            return new FieldShape(name, ordinal, parameter, kind, type, element, values, spec,
                    spec.pattern().isEmpty() ? null : Pattern.compile(spec.pattern()), notBefore, fallback);
        }
    }

    /**
     * A field's {@link FactField}, copied into a record: an annotation answers through a proxy,
     * which costs more than the check it answers when asked for every field of every body.
     */
    record Spec(boolean required, String byDefault, long min, long max, boolean nonZero, boolean nonEmpty,
                int maxLength, String pattern, String patternMessage, SkuGroup skus, SkuGroup onlyWithSku,
                boolean requiredWithSku, boolean uniqueId, String names, String refersTo, String notBefore,
                String doc) implements FactField {
        static final FactField NONE = Defaults.class.getRecordComponents()[0].getAnnotation(FactField.class);
        static final Spec REQUIRED = of(Defaults.class.getRecordComponents()[1].getAnnotation(FactField.class));

        static Spec of(FactField f) {
            return new Spec(f.required(), f.byDefault(), f.min(), f.max(), f.nonZero(), f.nonEmpty(), f.maxLength(),
                    f.pattern(), f.patternMessage(), f.skus(), f.onlyWithSku(), f.requiredWithSku(), f.uniqueId(),
                    f.names(), f.refersTo(), f.notBefore(), f.doc());
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return FactField.class;
        }
    }

    /** FactField values for fields that carry no annotation, and for the discriminator. */
    private record Defaults(@FactField int none, @FactField(required = true) int required) {}
}

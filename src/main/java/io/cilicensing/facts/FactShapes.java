package io.cilicensing.facts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The request's shape as the fact records state it (their constructors' parameters and
 * {@link FactField} annotations), read once per record: what the reader binds by
 * ({@link FactBinder}) and the OpenAPI schemas are generated from ({@link FactSetSchemas}).
 */
final class FactShapes {
    private static final Map<Class<?>, ObjectShape> SHAPES = new ConcurrentHashMap<>();

    private FactShapes() {}

    static ObjectShape of(Class<?> type) {
        ObjectShape shape = SHAPES.get(type);
        return shape != null ? shape : SHAPES.computeIfAbsent(type, ObjectShape::of);
    }

    enum Kind { STRING, INTEGER, BOOLEAN, ENUM, DATE, INSTANT, OBJECT, LIST }

    /**
     * One field: its name, ordinal in the shape (1-based; 0 is for unknown fields), constructor
     * parameter (-1 for a variant's discriminator), JSON kind and Java type, the element type of a
     * list, the enum values it takes, what {@link FactField} says, the constructor parameter of
     * the {@code notBefore} field (-1 if none) and the value used when it is absent.
     */
    record FieldShape(String name, int ordinal, int parameter, Kind kind, Class<?> type, Class<?> element,
                      List<? extends Enum<?>> values, Spec spec, Pattern pattern, int notBefore, Object fallback) {}

    /**
     * The shape of a record: its fields in order, its constructor taking its arguments as an
     * {@code Object[]}, and the constructor parameter of its {@code sku} (-1 if none). For a sealed
     * interface with a discriminator (requests: {@code type}), {@code variants} maps each
     * discriminator value to its record, and {@code fields} holds the discriminator alone.
     */
    static final class ObjectShape {
        /** Reads a field's {@code byDefault} text as a value of its type. */
        private static final ObjectMapper DEFAULTS = new ObjectMapper();
        final Class<?> type;
        final MethodHandle constructor;
        final List<FieldShape> fields;
        final Map<String, FieldShape> byName = new LinkedHashMap<>();
        final int parameters;
        final int lastOrdinal;
        final int skuParameter;
        final String unknownMessage;
        final Map<Object, Class<?>> variants = new LinkedHashMap<>();

        private ObjectShape(Class<?> type, Constructor<?> constructor, List<FieldShape> fields, String context) {
            this.type = type;
            this.parameters = constructor == null ? 0 : constructor.getParameterCount();
            try {
                this.constructor = constructor == null ? null : MethodHandles.publicLookup().unreflectConstructor(constructor)
                        .asSpreader(Object[].class, parameters).asType(MethodType.methodType(Object.class, Object[].class));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(type + ": its constructor must be public", e);
            }
            this.fields = fields;
            fields.forEach(f -> byName.put(f.name, f));
            this.lastOrdinal = fields.get(fields.size() - 1).ordinal();
            if (lastOrdinal > 63) {
                throw new IllegalStateException(type + ": more than 63 fields (the binder marks those read in a long)");
            }
            FieldShape sku = byName.get("sku");
            this.skuParameter = sku != null && sku.type == Sku.class ? sku.parameter : -1;
            this.unknownMessage = "unknown field" + context + "; expected one of: " + String.join(", ", byName.keySet());
        }

        static ObjectShape of(Class<?> type) {
            FieldShape discriminator = field("type", 2, -1, RequestType.class, null, null, List.of());
            if (type == Request.class) {
                ObjectShape shape = new ObjectShape(type, null, List.of(discriminator), "");
                Arrays.stream(RequestType.values()).forEach(t -> shape.variants.put(t, t.shape()));
                return shape;
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
                // names interned, as the parser's are: a lookup by name then matches by identity
                fields.add(field(params[i].getName().intern(), fields.size() + 1, i, params[i].getType(),
                        params[i].getParameterizedType(), params[i].getAnnotation(FactField.class), List.of(params)));
            }
            return new ObjectShape(type, constructors[0], List.copyOf(fields), variant ? " for type " + RequestType.of(type) : "");
        }

        private static FieldShape field(String name, int ordinal, int parameter, Class<?> type,
                                        java.lang.reflect.Type generic, FactField annotation, List<Parameter> all) {
            Spec spec = parameter < 0 ? Spec.REQUIRED : annotation == null ? Spec.NONE : Spec.of(annotation);
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
            Object fallback = list ? (values != null ? Set.of() : List.of()) : !d.isEmpty() ? DEFAULTS.convertValue(d, type)
                    : type.isPrimitive() ? Array.get(Array.newInstance(type, 1), 0) : null; // 0 or false
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
                boolean requiredWithSku, boolean uniqueId, String names, String refersTo, String notBefore, String doc) {
        /** For fields without the annotation, and for the discriminator. */
        static final Spec NONE = of(Defaults.class.getRecordComponents()[0].getAnnotation(FactField.class));
        static final Spec REQUIRED = of(Defaults.class.getRecordComponents()[1].getAnnotation(FactField.class));

        static Spec of(FactField f) {
            return new Spec(f.required(), f.byDefault(), f.min(), f.max(), f.nonZero(), f.nonEmpty(), f.maxLength(),
                    f.pattern(), f.patternMessage(), f.skus(), f.onlyWithSku(), f.requiredWithSku(), f.uniqueId(),
                    f.names(), f.refersTo(), f.notBefore(), f.doc());
        }

        private record Defaults(@FactField int none, @FactField(required = true) int required) {}
    }
}

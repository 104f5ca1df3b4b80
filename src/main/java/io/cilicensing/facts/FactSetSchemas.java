package io.cilicensing.facts;

import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ComposedSchema;
import io.swagger.v3.oas.models.media.Discriminator;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI schemas of the request body, generated from the same shape the reader binds by
 * ({@link FactField} on the fact records), so the published document cannot drift from what the
 * service accepts. Requests are a {@code oneOf} over one schema per type, with {@code type} as
 * discriminator; what depends on a license's or request's {@code sku} is said in descriptions
 * (OpenAPI 3.0 has no conditionals).
 */
public final class FactSetSchemas {
    private static final String REF = "#/components/schemas/";
    private static final Map<Class<?>, String> NAMES = Map.of(PostedFactSet.class, "FactSet",
            UsageCounts.class, "Usage", Request.class, "Request");

    private final Map<String, Schema> schemas = new LinkedHashMap<>();

    private FactSetSchemas() {}

    /** Component name to schema, for FactSet and everything it refers to (plus IsoDate). */
    public static Map<String, Schema> components() {
        FactSetSchemas s = new FactSetSchemas();
        s.schemas.put("IsoDate", new Schema<>().type("string").example("2024-07-01").description(
                "An ISO-8601 date (2024-07-01, meaning 00:00 UTC) or a date-time with offset (2024-07-01T09:00:00Z)"));
        s.ref(PostedFactSet.class);
        s.schemas.get("FactSet").description("A tenant fact set. Every list may be absent "
                + "(empty). Unknown fields are rejected; null is the same as absent.");
        return s.schemas;
    }

    private static String name(Class<?> type) {
        if (NAMES.containsKey(type)) {
            return NAMES.get(type);
        }
        return Request.class.isAssignableFrom(type) ? type.getSimpleName() + "Request" : type.getSimpleName();
    }

    /** A reference to the schema of {@code type}, writing that schema first when it is new. */
    private Schema ref(Class<?> type) {
        String name = name(type);
        if (!schemas.containsKey(name)) {
            schemas.put(name, new Schema<>()); // placeholder: a shape may refer to itself
            schemas.put(name, object(FactShapes.of(type)));
        }
        return new Schema<>().$ref(REF + name);
    }

    private Schema object(FactShapes.ObjectShape shape) {
        if (!shape.variants.isEmpty()) {
            ComposedSchema oneOf = new ComposedSchema();
            Discriminator discriminator = new Discriminator().propertyName("type");
            shape.variants.forEach((tag, type) -> {
                oneOf.addOneOfItem(ref(type));
                discriminator.mapping(tag.toString(), REF + name(type));
            });
            oneOf.discriminator(discriminator);
            oneOf.description("A question the tenant asks, decided on its own; its fields depend on its type.");
            return oneOf;
        }
        Schema<?> schema = new Schema<>().type("object");
        schema.additionalProperties(false);
        for (FactShapes.FieldShape f : shape.fields) {
            Schema<?> p = f.parameter() < 0 ? enumOf(List.of((Enum<?>) RequestType.of(shape.type)))
                    : property(f);
            schema.addProperty(f.name(), p);
            if (f.spec().required()) {
                schema.addRequiredItem(f.name());
            }
        }
        return schema;
    }

    private Schema<?> property(FactShapes.FieldShape f) {
        FactShapes.Spec spec = f.spec();
        Schema<?> p = switch (f.kind()) {
            case STRING -> {
                Schema<?> s = new Schema<>().type("string");
                if (spec.maxLength() > 0) {
                    s.maxLength(spec.maxLength());
                }
                if (spec.nonEmpty()) {
                    s.minLength(1);
                }
                if (!spec.pattern().isEmpty()) {
                    s.pattern("^" + spec.pattern() + "$");
                }
                yield s;
            }
            case INTEGER -> {
                boolean isInt = f.type() == int.class || f.type() == Integer.class;
                Schema<?> s = new Schema<>().type("integer").format(isInt ? "int32" : "int64");
                if (spec.min() != Long.MIN_VALUE) {
                    s.minimum(BigDecimal.valueOf(spec.min()));
                }
                if (spec.max() != Long.MAX_VALUE) {
                    s.maximum(BigDecimal.valueOf(spec.max()));
                }
                yield s;
            }
            case BOOLEAN -> new Schema<>().type("boolean");
            case ENUM -> enumOf(f.values());
            case DATE, INSTANT -> new Schema<>().$ref(REF + "IsoDate");
            case OBJECT -> ref(f.type());
            case LIST -> {
                ArraySchema a = new ArraySchema();
                a.items(f.values() != null ? enumOf(f.values()) : ref(f.element()));
                if (f.values() != null) {
                    a.uniqueItems(true);
                }
                yield a;
            }
        };
        if (!spec.byDefault().isEmpty()) {
            p.setDefault(f.fallback());
        }
        String description = description(f);
        if (!description.isEmpty()) {
            if (p.get$ref() != null) {
                p = new Schema<>().allOf(List.of(p)); // a $ref cannot carry a description beside it in 3.0
            }
            p.description(description);
        }
        return p;
    }

    private static Schema<?> enumOf(List<? extends Enum<?>> values) {
        Schema<String> s = new Schema<String>().type("string");
        values.forEach(v -> s.addEnumItemObject(v.name()));
        return s;
    }

    private static String description(FactShapes.FieldShape f) {
        FactShapes.Spec spec = f.spec();
        List<String> parts = new ArrayList<>();
        if (!spec.doc().isEmpty()) {
            parts.add(spec.doc());
        }
        if (spec.onlyWithSku() != SkuGroup.ANY) {
            parts.add((spec.requiredWithSku() ? "required with " : "allowed only with ") + spec.onlyWithSku().phrase()
                    + (spec.requiredWithSku() ? ", rejected with any other" : ""));
        }
        if (spec.nonZero()) {
            parts.add("not 0");
        }
        if (spec.uniqueId()) {
            parts.add("unique among the ids of licenses, addOns, environments and requests");
        }
        if (!spec.refersTo().isEmpty()) {
            parts.add("must name an " + spec.refersTo() + " of the fact set");
        }
        if (!spec.notBefore().isEmpty()) {
            parts.add("must not be before " + spec.notBefore());
        }
        return String.join("; ", parts);
    }
}

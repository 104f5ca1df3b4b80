package io.cilicensing.facts;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * How one field of the request JSON is written (the contract: Request): the one description of
 * the request's shape. The reader ({@link FactBinder}) validates and binds by it, and the
 * published OpenAPI document is generated from it ({@link FactSetSchemas}). The field's
 * name and Java type are the record component's (or constructor parameter's); the type gives
 * the JSON type, an enum type its values.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
public @interface FactField {
    /** Absent (or null) is a violation "required". */
    boolean required() default false;

    /** The value used when the field is absent or null, as JSON text ("1", "true", "PRODUCTION"). */
    String byDefault() default "";

    long min() default Long.MIN_VALUE;

    long max() default Long.MAX_VALUE;

    /** An integer field must not be 0. */
    boolean nonZero() default false;

    /** A string field must not be empty. */
    boolean nonEmpty() default false;

    /** Most characters of a string field (checked before anything else reads the text). */
    int maxLength() default 0;

    /** A regular expression the whole string must match, and what to say when it does not. */
    String pattern() default "";

    String patternMessage() default "";

    /** For a field of type Sku: the SKUs it may take. */
    SkuGroup skus() default SkuGroup.ANY;

    /** Allowed only when the object's {@code sku} is in this group ... */
    SkuGroup onlyWithSku() default SkuGroup.ANY;

    /** ... and then required. */
    boolean requiredWithSku() default false;

    /** The value is an id, unique across licenses, addOns, environments and requests. */
    boolean uniqueId() default false;

    /** The value is an id of this kind ("environment"), which {@link #refersTo()} fields may name. */
    String names() default "";

    /** The value is an id that names an object of this kind elsewhere in the fact set ("environment"). */
    String refersTo() default "";

    /** A date field that must not be before this other field of the same object (a date or instant). */
    String notBefore() default "";

    /** What the field means, for the OpenAPI document. */
    String doc() default "";
}

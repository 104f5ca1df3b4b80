package io.cilicensing.facts;

import java.time.LocalDate;

/** CAPACITY_CHANGE: may the capacity of a meter change by {@code delta} people on {@code effectiveOn}? */
public record CapacityChange(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true) Meter meter,
        @FactField(required = true, nonZero = true, min = -FactLimits.PEOPLE, max = FactLimits.PEOPLE,
                doc = "people added (> 0) or removed (< 0)") long delta,
        @FactField(required = true) LocalDate effectiveOn)
        implements Request {
}

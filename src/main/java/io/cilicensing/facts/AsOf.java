package io.cilicensing.facts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The evaluation instant, inserted as a fact so that no rule ever reads a clock.
 * {@code date} is the UTC calendar date of {@code instant}.
 */
public record AsOf(Instant instant, LocalDate date) {
    public static AsOf of(Instant instant) {
        return new AsOf(instant, LocalDate.ofInstant(instant, ZoneOffset.UTC));
    }
}

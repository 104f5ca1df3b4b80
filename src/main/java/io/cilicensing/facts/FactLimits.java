package io.cilicensing.facts;

/**
 * The bounds of the request's fields (README > Limits and failure behaviour). They keep the work
 * per request small and every sum the rules make within a {@code long}: with the default body
 * limit of 16 MiB, at most ~335,000 licenses or ~224,000 add-ons fit in a body, so the interacted
 * people granted stay below 6 × 10^17 and ten times that (the monthly interactions) below 2^63.
 * These are limits of what a request may say, not policy.
 */
public final class FactLimits {
    private FactLimits() {}

    /** Characters of an id (tenant, license, add-on, environment, request, person). */
    public static final int ID_LENGTH = 128;
    /** Characters of a geo code; checked before it is upper-cased. */
    public static final int GEO_LENGTH = 16;
    public static final String GEO_PATTERN = "[A-Za-z0-9_-]+";
    public static final String GEO_MESSAGE = "must be a geo code of letters, digits, '-' or '_'";
    /** Characters of other free-text fields (SMS provider, Journeys version). */
    public static final int TEXT_LENGTH = 256;
    /** License units, and packs of an add-on. */
    public static final long UNITS = 1_000_000;
    /** People in one pack of an add-on. */
    public static final long PEOPLE_PER_PACK = 1_000_000;
    /** People or contacts a count may state: included contacts and profiles, usage counts, capacity deltas. */
    public static final long PEOPLE = 1_000_000_000_000L;
}

package io.cilicensing.engine;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Decision ids: time-ordered UUIDs in the layout of RFC 9562's version 7 (48 bits of Unix
 * milliseconds, then 74 random bits). The random bits come from {@link ThreadLocalRandom}, which
 * takes no lock: {@code UUID.randomUUID()} draws from one shared {@code SecureRandom}, and under
 * load most contended monitor enters of the service were on it (issue 14). A decision id needs
 * to be unique and sortable by time, not unguessable.
 */
public final class DecisionIds {
    private DecisionIds() {}

    public static String next() {
        return next(System.currentTimeMillis());
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }
}

package io.cilicensing.facts;

import java.time.Instant;

/**
 * Turns a request body into a validated {@link FactSet}, or a {@link BadFactsException} listing
 * every problem (CONTRACT.md). PLACEHOLDER: being written.
 */
public final class FactSetReader {
    private final int maxInteractions;

    public FactSetReader(int maxInteractions) {
        this.maxInteractions = maxInteractions;
    }

    /** @param now the instant used when the body has no {@code asOf} */
    public FactSet read(byte[] body, Instant now) {
        throw new UnsupportedOperationException("not written yet");
    }
}

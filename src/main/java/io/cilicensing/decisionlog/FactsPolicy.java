package io.cilicensing.decisionlog;

/**
 * Whether and how the decision log keeps each decision's fact set (README > Operations >
 * Decision log): off, or on with bodies over {@code gzipOver} bytes stored gzip+base64, bodies
 * over {@code maxBytes} not stored at all, and at most {@code queueMaxBytes} of bodies waiting
 * for the writer (past it, a body is not stored either), which bounds the queue's memory.
 */
public record FactsPolicy(boolean enabled, long gzipOver, long maxBytes, long queueMaxBytes) {
    public static final FactsPolicy OFF = new FactsPolicy(false, 0, 0, 0);

    public FactsPolicy {
        if (enabled && (gzipOver < 0 || maxBytes < 0 || queueMaxBytes < 0)) {
            throw new IllegalArgumentException("decisions.log.facts-gzip-over, decisions.log.facts-max-size and "
                    + "decisions.log.facts-queue-max-size must be >= 0, got " + gzipOver + ", " + maxBytes + ", "
                    + queueMaxBytes);
        }
    }

    /** On, with the defaults' queue limit (64 MB of bodies waiting for the writer). */
    public FactsPolicy(boolean enabled, long gzipOver, long maxBytes) {
        this(enabled, gzipOver, maxBytes, 64L << 20);
    }
}

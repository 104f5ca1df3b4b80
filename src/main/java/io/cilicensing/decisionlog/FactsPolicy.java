package io.cilicensing.decisionlog;

/**
 * Whether and how the decision log keeps each decision's fact set (README > Operations >
 * Decision log): off, or on with bodies over {@code gzipOver} bytes stored gzip+base64 and bodies
 * over {@code maxBytes} not stored at all.
 */
public record FactsPolicy(boolean enabled, long gzipOver, long maxBytes) {
    public static final FactsPolicy OFF = new FactsPolicy(false, 0, 0);

    public FactsPolicy {
        if (enabled && (gzipOver < 0 || maxBytes < 0)) {
            throw new IllegalArgumentException("decisions.log.facts-gzip-over and decisions.log.facts-max-size "
                    + "must be >= 0, got " + gzipOver + " and " + maxBytes);
        }
    }
}

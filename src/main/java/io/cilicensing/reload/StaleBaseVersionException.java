package io.cilicensing.reload;

/** An apply whose edit started from a version that is no longer live: someone else changed the rules meanwhile. */
public final class StaleBaseVersionException extends RuntimeException {
    private final String liveVersion;

    public StaleBaseVersionException(String baseVersion, String liveVersion) {
        super("the edit started from version " + baseVersion + " but version " + liveVersion
                + " is live now; start again from the live rules (GET /v1/ruleset/files) and apply the edit to them");
        this.liveVersion = liveVersion;
    }

    public String liveVersion() {
        return liveVersion;
    }
}

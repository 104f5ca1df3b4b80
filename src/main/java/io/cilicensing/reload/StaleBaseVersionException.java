package io.cilicensing.reload;

/** An apply whose edit started from a version that is no longer live: someone else changed the rules meanwhile. */
public final class StaleBaseVersionException extends RuntimeException {
    private final String liveVersion;

    /** The edit started from {@code baseVersion}, which is no longer live. */
    static StaleBaseVersionException notLive(String baseVersion, String liveVersion) {
        return new StaleBaseVersionException("the edit started from version " + baseVersion + " but version " + liveVersion
                + " is live now; start again from the live rules (GET /v1/ruleset/files) and apply the edit to them",
                liveVersion);
    }

    private StaleBaseVersionException(String message, String liveVersion) {
        super(message);
        this.liveVersion = liveVersion;
    }

    /** The rules directory holds files that are not the live ones. */
    static StaleBaseVersionException directoryChanged(String onDisk, String liveVersion) {
        return new StaleBaseVersionException("the rules directory holds version " + onDisk + ", not the live version "
                + liveVersion + ": a change on disk not taken live yet (another instance's apply on a shared directory, "
                + "or an edit of the files). Wait for it to be reloaded (GET /v1/ruleset shows lastReload, and why a "
                + "change was refused), then start again from the live rules; a rollback overwrites it", liveVersion);
    }

    public String liveVersion() {
        return liveVersion;
    }
}

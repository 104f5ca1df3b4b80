package io.cilicensing.reload;

/**
 * Why a ruleset went live: {@code trigger} (start, file change, admin request, apply, rollback),
 * {@code who} (the admin token's name, "file change", "service start") and the analyst's
 * {@code message} (null when there is none).
 */
public record Change(String trigger, String who, String message) {
    public static final String START = "start";
    public static final String FILE_CHANGE = "file change";
    public static final String ADMIN_REQUEST = "admin request";
    public static final String APPLY = "apply";
    public static final String ROLLBACK = "rollback";
}

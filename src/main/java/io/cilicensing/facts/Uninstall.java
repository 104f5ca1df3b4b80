package io.cilicensing.facts;

/** UNINSTALL: uninstalling the app from an environment. */
public record Uninstall(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String environmentId,
        @FactField(byDefault = "false") boolean removeSolutions,
        @FactField(doc = "absent: not given") UninstallReason reason)
        implements Request {
}

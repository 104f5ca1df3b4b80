package io.cilicensing.facts;

/** DATA_TRANSFER: moving data from one environment to another. */
public record DataTransfer(
        @FactField(required = true, nonEmpty = true, maxLength = FactLimits.ID_LENGTH, uniqueId = true) String id,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String sourceEnvironmentId,
        @FactField(required = true, maxLength = FactLimits.ID_LENGTH, refersTo = "environment") String targetEnvironmentId,
        @FactField(byDefault = "false") boolean selective,
        @FactField(doc = "absent: not given") TransferMethod method)
        implements ContentTransfer {
}

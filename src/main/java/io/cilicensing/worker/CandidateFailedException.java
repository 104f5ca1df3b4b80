package io.cilicensing.worker;

/**
 * Thrown by a job whose candidate rules failed in a way it found itself (a scenario past its time
 * budget): the job's answer is {@link #failure()} as it is, not an ERROR.
 */
public final class CandidateFailedException extends RuntimeException {
    private final CandidateFailure failure;

    public CandidateFailedException(CandidateFailure failure) {
        super(failure.describe(), null, false, false);
        this.failure = failure;
    }

    public CandidateFailure failure() {
        return failure;
    }
}

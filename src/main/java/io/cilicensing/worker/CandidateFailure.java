package io.cilicensing.worker;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A job that did not finish because the candidate rules stopped, hung or exhausted the worker
 * process. {@code kind}: EXIT (a rule called System.exit, or the process ended), TIMEOUT (still
 * running at the job time limit), OUT_OF_MEMORY (past the worker's heap cap), ERROR (the job
 * threw, or the worker could not be started). {@code rule} and {@code step} (e.g. the scenario)
 * are null when not known.
 */
@JsonPropertyOrder({"kind", "rule", "step", "detail"})
public record CandidateFailure(String kind, String rule, String step, String detail) {

    /** One sentence for logs and the attempt's message. */
    public String describe() {
        StringBuilder sb = new StringBuilder(detail);
        if (rule != null) {
            sb.append(", in rule \"").append(rule).append('"');
        }
        if (step != null) {
            sb.append(", while running ").append(step);
        }
        return sb.toString();
    }
}

package io.cilicensing.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/** Runs a job: in the worker process ({@link CandidateWorker}), or in this process ({@link InProcessJobs}). */
public interface Jobs {

    /** The outcome of one job: its result, or why it has none. */
    sealed interface Outcome permits Done, Failed {}

    record Done(JsonNode result) implements Outcome {}

    record Failed(CandidateFailure failure) implements Outcome {}

    /** Runs a job; {@code progress} hears each step the job reports (on another thread; keep it short). */
    Outcome run(String type, JsonNode input, Consumer<String> progress);

    default Outcome run(String type, JsonNode input) {
        return run(type, input, step -> { });
    }
}

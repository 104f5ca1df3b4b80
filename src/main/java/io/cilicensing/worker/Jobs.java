package io.cilicensing.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

    /**
     * Runs a job that may take {@code moreTime} past the usual job time limit (a replay held to a
     * budget of its own, after compiling); where jobs have no time limit, as {@link #run(String, JsonNode)}.
     */
    default Outcome run(String type, JsonNode input, Duration moreTime) {
        return run(type, input);
    }
}

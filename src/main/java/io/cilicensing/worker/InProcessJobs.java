package io.cilicensing.worker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs jobs in this process, without containment: for {@code rules.worker.enabled=false} and
 * unit tests. A candidate that calls System.exit or loops stops or hangs this process.
 */
public final class InProcessJobs implements Jobs {
    private final Map<String, JobHandler> handlers = JobHandlers.all();

    @Override
    public Outcome run(String type, JsonNode input, Consumer<String> progress) {
        JobHandler handler = handlers.get(type);
        if (handler == null) {
            throw new IllegalArgumentException("unknown job type " + type);
        }
        JobContext context = new JobContext(progress);
        try {
            return new Done(handler.run(input, context));
        } catch (CandidateFailedException e) {
            return new Failed(e.failure());
        } catch (Exception e) {
            return new Failed(new CandidateFailure("ERROR", context.rule(), context.step(), e.toString()));
        } finally {
            context.close();
        }
    }
}

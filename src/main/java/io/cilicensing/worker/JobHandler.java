package io.cilicensing.worker;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One kind of job the worker process runs: {@code type} names it in the protocol, {@code run}
 * turns the job's JSON input into its JSON result. A handler runs inside the worker process,
 * where candidate rules may stop, hang or exhaust it; it tells the context what it is doing
 * ({@link JobContext#step}) and lets it watch the rules it fires ({@link JobContext#observe}),
 * so such a failure names the step and the rule. A new job type is one handler, listed in
 * {@link JobHandlers}.
 */
public interface JobHandler {
    String type();

    JsonNode run(JsonNode input, JobContext context) throws Exception;
}

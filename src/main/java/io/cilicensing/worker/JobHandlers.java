package io.cilicensing.worker;

import io.cilicensing.impact.ImpactJob;
import io.cilicensing.reload.GateJob;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The job types the worker process knows; add a handler here to add a job type. */
public final class JobHandlers {
    private JobHandlers() {}

    public static Map<String, JobHandler> all() {
        return List.<JobHandler>of(new GateJob(), new ImpactJob()).stream()
                .collect(Collectors.toUnmodifiableMap(JobHandler::type, Function.identity()));
    }
}

package io.cilicensing.reload;

import java.util.List;
import java.util.stream.Collectors;

/** The rules compile but fail scenarios, so they may not go live (the start stops). */
public final class ScenarioGateException extends RuntimeException {
    private final transient List<ReloadAttempt.FailingScenario> failing;

    public ScenarioGateException(List<ReloadAttempt.FailingScenario> failing) {
        super(failing.size() + " scenario(s) fail against the rules:\n" + failing.stream()
                .map(f -> "  " + f.file() + " (" + f.name() + ")\n" + f.differences().stream()
                        .map(d -> "      " + d).collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n")));
        this.failing = List.copyOf(failing);
    }

    public List<ReloadAttempt.FailingScenario> failing() {
        return failing;
    }
}

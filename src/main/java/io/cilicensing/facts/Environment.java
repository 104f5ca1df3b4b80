package io.cilicensing.facts;

import java.util.Set;

/** An environment fact (CONTRACT.md > environments[]). {@code geo} defaults to the tenant's home geo. */
public record Environment(
        String id,
        EnvironmentType type,
        String geo,
        boolean ceEnabled,
        Set<App> apps,
        boolean runsJourneys,
        String journeysVersion,
        UsageCounts usage) {

    public String subject() {
        return "environments/" + id;
    }

    public boolean has(App app) {
        return apps.contains(app);
    }
}

package io.cilicensing.impact;

import java.util.List;

/** The fact sets to replay and where they came from ({@link ImpactReport.Source}). */
public record ImpactInput(ImpactReport.Source source, List<ReplayCase> cases) {}

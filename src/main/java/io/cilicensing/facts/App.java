package io.cilicensing.facts;

/** An app installed in an environment. (the request contract) */
public enum App { JOURNEYS_REAL_TIME, JOURNEYS_OUTBOUND, JOURNEYS_SOLUTION_ONLY, DATA }

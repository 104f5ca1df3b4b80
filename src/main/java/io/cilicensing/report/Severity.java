package io.cilicensing.report;

/** Severity of a finding, weakest first (RULES.md > Verdicts). */
public enum Severity { INFO, WARNING, ACTION, VIOLATION }

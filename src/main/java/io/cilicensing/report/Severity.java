package io.cilicensing.report;

/** Severity of a finding, weakest first (the verdict: README > Ask for a decision). */
public enum Severity { INFO, WARNING, ACTION, VIOLATION }

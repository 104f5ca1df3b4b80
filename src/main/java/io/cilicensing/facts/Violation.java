package io.cilicensing.facts;

/** One problem with a request, at its JSON path (e.g. {@code licenses[0].quantity}). */
public record Violation(String path, String message) {}

package io.cilicensing.scenarios;

/** Where a decision differs from a scenario's expectation: the path, what was expected, what came. */
public record Difference(String path, String expected, String actual) {
    @Override
    public String toString() {
        return path + ": expected " + expected + ", got " + actual;
    }
}

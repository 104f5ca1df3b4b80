package io.cilicensing.engine;

/** One problem in a rule file, as an analyst needs it: which file, which line, what is wrong. */
public record RuleError(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}

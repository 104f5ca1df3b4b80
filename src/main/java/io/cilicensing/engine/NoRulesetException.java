package io.cilicensing.engine;

/** No ruleset could be loaded, so nothing can be decided (503 NO_RULESET). */
public final class NoRulesetException extends RuntimeException {
    public NoRulesetException(String message) {
        super(message);
    }
}

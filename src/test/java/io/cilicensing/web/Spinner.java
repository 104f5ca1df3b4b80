package io.cilicensing.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Called from a test rule's consequence: does not return while held, as a rule looping in Java
 * would (it ignores halts and interrupts). It parks between checks instead of burning a core.
 *
 * <p>Each test class holds and releases a switch of its own, by name ({@code spin("stuck")} in
 * its rules, {@code hold("stuck")} and {@code release("stuck")} in the test), so that classes
 * running in parallel never hold or release a decision of one another.
 */
public final class Spinner {
    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    private Spinner() {}

    public static void hold(String name) {
        HELD.add(name);
    }

    public static void release(String name) {
        HELD.remove(name);
    }

    public static void spin(String name) {
        while (HELD.contains(name)) {
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** {@link #spin(String)}, then true: for a rule's condition ({@code eval(...)}, a constraint). */
    public static boolean spinThenTrue(String name) {
        spin(name);
        return true;
    }
}

package io.cilicensing.web;

import java.util.concurrent.locks.LockSupport;

/**
 * Called from a test rule's consequence: does not return while held, as a rule looping in Java
 * would (it ignores halts and interrupts). It parks between checks instead of burning a core.
 */
public final class Spinner {
    private static volatile boolean holding;

    private Spinner() {}

    public static void hold() {
        holding = true;
    }

    public static void release() {
        holding = false;
    }

    public static void spin() {
        while (holding) {
            LockSupport.parkNanos(1_000_000L);
        }
    }

    /** {@link #spin()}, then true: for a rule's condition ({@code eval(...)}, a constraint). */
    public static boolean spinThenTrue() {
        spin();
        return true;
    }
}

package io.cilicensing.web;

import java.util.concurrent.locks.LockSupport;

/**
 * Called from a test rule's consequence: does not return while held, as a rule looping in Java
 * would (it ignores halts and interrupts). It parks between checks instead of burning a core.
 *
 * <p>Its hold is one static switch for the whole JVM: test classes whose rules call it take
 * {@code @ResourceLock(Spinner.LOCK)}, so that classes running in parallel never hold or release
 * it for one another.
 */
public final class Spinner {
    /** The JUnit resource lock of every test class whose rules call the spinner. */
    public static final String LOCK = "io.cilicensing.web.Spinner";

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

package io.cilicensing.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** Called from a test rule's consequence: halts a signal after a number of firings, as another thread would. */
public final class HaltProbe {
    private static final AtomicInteger FIRINGS = new AtomicInteger();
    private static volatile int haltAfter;
    private static volatile HaltSignal signal;

    private HaltProbe() {}

    static void haltAfter(int firings, HaltSignal halt) {
        FIRINGS.set(0);
        haltAfter = firings;
        signal = halt;
    }

    public static void fired() {
        if (FIRINGS.incrementAndGet() == haltAfter) {
            signal.halt();
        }
    }

    static int firings() {
        return FIRINGS.get();
    }
}

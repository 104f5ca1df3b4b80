package io.cilicensing.worker;

import java.time.Duration;
import java.util.List;

/**
 * How the worker process is started and held to its limits (README > Configuration):
 * {@code maxHeap} is its -Xmx, {@code jobTimeout} the longest one job may run,
 * {@code jvmOptions} further JVM options, {@code ownSession} starts it in a session of its own
 * (Linux {@code setsid}) so the kernel's autogroup scheduler shares the CPU between it and the
 * service instead of between it and every request thread.
 */
public record WorkerSettings(String maxHeap, Duration jobTimeout, List<String> jvmOptions, boolean ownSession,
                             Duration startTimeout) {}

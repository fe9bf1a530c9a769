package io.pulseboard.aggregator.support;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The aggregator's own background threads: named (they show in thread dumps and logs) and daemon,
 * so that one a shut-down could not stop never keeps the JVM alive.
 */
public final class DaemonThreads {

    private DaemonThreads() {}

    /** Daemon threads named {@code name}. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** One daemon thread named {@code name} that runs timed and queued work in order. */
    public static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(named(name));
    }
}

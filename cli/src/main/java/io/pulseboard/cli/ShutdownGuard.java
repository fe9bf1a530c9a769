package io.pulseboard.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C handling: asks the run to stop, gives it a moment to finish on its own (it flushes and
 * reports), and otherwise flushes and reports from here, so what was sent is always said.
 */
final class ShutdownGuard implements AutoCloseable {

    private static volatile boolean shuttingDown;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean stopRequested;

    ShutdownGuard(Runnable flushAndReport) {
        hook = new Thread(
                () -> {
                    shuttingDown = true;
                    stopRequested = true;
                    try {
                        if (!finished.await(2, TimeUnit.SECONDS)) {
                            flushAndReport.run(); // the run is blocked (reading standard input, say)
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "pulse-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** True once Ctrl-C (or a termination signal) arrived: stop producing, flush, report. */
    boolean stopRequested() {
        return stopRequested;
    }

    /** True while the JVM is shutting down, when calling System.exit would block forever. */
    static boolean shuttingDown() {
        return shuttingDown;
    }

    @Override
    public void close() {
        finished.countDown();
        if (!shuttingDown) {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }
}

package io.pulseboard.cli;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A once-a-second progress line on standard error, only when a person is watching a terminal. */
final class Progress {

    private final ScheduledExecutorService timer;
    private final PrintWriter err;

    private Progress(ScheduledExecutorService timer, PrintWriter err) {
        this.timer = timer;
        this.err = err;
    }

    static Progress startIfTerminal(PrintWriter err, EventSender sender, RunReport report) {
        if (System.console() == null) {
            return new Progress(null, err);
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pulse-progress");
            t.setDaemon(true);
            return t;
        });
        long[] last = {0, System.nanoTime()};
        timer.scheduleAtFixedRate(
                () -> {
                    long sent = sender.acknowledged();
                    long now = System.nanoTime();
                    double rate = (sent - last[0]) / ((now - last[1]) / 1e9);
                    last[0] = sent;
                    last[1] = now;
                    err.printf(
                            "\r%,10.0f events/s   sent %,d   failed %,d   %.0f s ",
                            rate, sent, sender.failed(), report.seconds());
                    err.flush();
                },
                1,
                1,
                TimeUnit.SECONDS);
        return new Progress(timer, err);
    }

    void stop() {
        if (timer != null) {
            timer.shutdownNow();
            err.println();
        }
    }
}

package io.pulseboard.aggregator.support;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.jboss.logging.Logger;

/**
 * A value every instance reads again on a timer of its own (for example a table's rows from
 * PostgreSQL): read at {@link #start()} and every {@code every} after, and at once on {@link
 * #refreshNow()}. A read that fails keeps the last value, so a database outage does not empty it.
 *
 * @param <T> an immutable value, swapped whole
 */
public final class Refreshed<T> {

    private static final Logger LOG = Logger.getLogger(Refreshed.class);

    private final String what;
    private final Duration every;
    private final UnaryOperator<T> read;
    private final ScheduledExecutorService timer;
    private volatile T value;

    /**
     * @param what what is read, for the thread's name and the log
     * @param read the new value from the last one (so that it can keep what did not change)
     */
    public Refreshed(String what, Duration every, T initial, UnaryOperator<T> read) {
        this.what = what;
        this.every = every;
        this.read = read;
        this.value = initial;
        this.timer = DaemonThreads.timer("pulse-" + what);
    }

    public void start() {
        long millis = Math.max(100, every.toMillis());
        timer.scheduleWithFixedDelay(this::load, 0, millis, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        timer.shutdownNow();
    }

    public T get() {
        return value;
    }

    /** Changes the value now, before the next read (a change made through this instance). */
    public synchronized void update(UnaryOperator<T> change) {
        value = change.apply(value);
    }

    /** Reads again soon, on the timer's thread; returns at once. */
    public void refreshNow() {
        try {
            timer.execute(this::load);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    private void load() {
        try {
            T next = read.apply(value);
            synchronized (this) {
                value = next;
            }
        } catch (RuntimeException e) {
            LOG.warnf("reading the %s failed, keeping the last ones read (again in %s): %s", what, every, e.toString());
        }
    }
}

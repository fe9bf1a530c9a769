package io.pulseboard.aggregator.alerts;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.alerts.*}: how often every stream is evaluated, and how webhooks are called. */
public interface AlertsConfig {

    /**
     * Every stream of the partitions this instance owns is evaluated at least this often, with or
     * without new events (so {@code count < 10} fires when a stream falls silent). Streams with new
     * metrics are evaluated at every flush besides.
     */
    @WithDefault("1s")
    Duration evaluationInterval();

    Webhook webhook();

    History history();

    /**
     * Windows that memory alone cannot give (windows of hours, offsets into hours no longer in memory):
     * roll-ups of stored hours and stored minutes, read from PostgreSQL and cached.
     */
    interface History {

        /**
         * Cached windows (one per partition, stream, window and offset) per instance. Each holds, for the
         * value names its rules read, a roll-up with one sketch per name (typically 1 to 16 KB), so
         * 10,000 entries of rules over one value take some 10 to 160 MB. Beyond it, new windows wait
         * for entries to fall idle (logged).
         */
        @WithDefault("10000")
        int maxEntries();

        /** Reads of stored rows in flight at once (each for the streams of one partition, window and anchor). */
        @WithDefault("4")
        int maxReads();

        /** An entry unused this long is dropped (its rule was deleted, or its stream went quiet elsewhere). */
        @WithDefault("10m")
        Duration maxIdle();
    }

    interface Webhook {

        /** Time for one call (connect and answer). */
        @WithDefault("5s")
        Duration timeout();

        /** Calls per alert change in all, the first included. */
        @WithDefault("5")
        int attempts();

        /** The wait before the first retry; it doubles with each further retry. */
        @WithDefault("1s")
        Duration backoff();

        /** The longest wait between retries. */
        @WithDefault("1m")
        Duration maxBackoff();

        /** Calls waiting or in flight; beyond it new calls are dropped (logged and counted). */
        @WithDefault("1000")
        int queueSize();
    }
}

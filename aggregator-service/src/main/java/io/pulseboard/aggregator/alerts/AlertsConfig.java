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

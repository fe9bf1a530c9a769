package io.pulseboard.gateway.ws;

import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.gateway.routing.Hub;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The timers of the edge: heartbeats, closing clients that stay slow, dropping hours that never got their final
 * state and minutes that fell out of the last 60.
 */
@ApplicationScoped
public class Sweeper {

    private static final Logger LOG = Logger.getLogger(Sweeper.class);

    /** How often slow clients are looked for (they are also caught when a message is queued for them). */
    private static final long SLOW_CHECK_MS = 500;

    private static final long EXPIRY_CHECK_MS = 60_000;

    private final Vertx vertx;
    private final Sessions sessions;
    private final Hub hub;
    private final GatewayConfig config;
    private long[] timers = new long[0];

    Sweeper(Vertx vertx, Sessions sessions, Hub hub, GatewayConfig config) {
        this.vertx = vertx;
        this.sessions = sessions;
        this.hub = hub;
        this.config = config;
    }

    void start(@Observes StartupEvent start) {
        timers = new long[] {
            vertx.setPeriodic(config.heartbeatInterval().toMillis(), id -> heartbeat()),
            vertx.setPeriodic(SLOW_CHECK_MS, id -> checkSlow()),
            vertx.setPeriodic(EXPIRY_CHECK_MS, id -> dropExpired())
        };
    }

    void stop(@Observes ShutdownEvent stop) {
        for (long timer : timers) {
            vertx.cancelTimer(timer);
        }
    }

    private void heartbeat() {
        // One key for all heartbeats: a client that is behind gets only the latest one.
        String frame = ServerFrames.heartbeat(Instant.now());
        for (ClientSession session : sessions.all()) {
            session.deliver("heartbeat", frame);
        }
    }

    private void checkSlow() {
        long now = System.nanoTime();
        for (ClientSession session : sessions.all()) {
            session.checkSlow(now);
        }
    }

    private void dropExpired() {
        // Once a minute, as the window moves on by a minute (its own bound holds a stream to 61 in between).
        hub.dropOldMinutes();
        int dropped = hub.dropExpiredHours(Instant.now(), config.openHourRetention());
        if (dropped > 0) {
            LOG.infof(
                    "dropped %d open hours that ended more than %s ago without a final state",
                    dropped, config.openHourRetention());
        }
    }
}

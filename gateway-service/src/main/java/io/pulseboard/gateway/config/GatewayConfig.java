package io.pulseboard.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code pulse.gateway.*}: where the aggregator is, the limits of the WebSocket edge, its live feed of
 * events, its auth, and how it rebuilds its state. The defaults are here; application.properties only
 * overrides them for profiles.
 */
@ConfigMapping(prefix = "pulse.gateway")
public interface GatewayConfig {

    /** Connections this instance accepts; more are refused on the upgrade with 503. */
    @WithDefault("20000")
    int maxConnections();

    /** Stream names and globs one connection may hold at once. */
    @WithDefault("100")
    int maxSubscriptions();

    /**
     * The largest client frame used, in bytes; a larger one gets an error. Frames above
     * quarkus.websockets-next.server.max-message-size (set higher) are not even read: they close the connection.
     */
    @WithDefault("16384")
    int maxFrameSize();

    /** Client frames per second per connection (a burst of as many is allowed); more get an error. */
    @WithDefault("20")
    int maxMessagesPerSecond();

    /** Messages waiting for one connection before it counts as slow (newer states replace older ones). */
    @WithDefault("1000")
    int outboundQueueSize();

    /** A connection over its outbound bound for longer than this is closed with 1008. */
    @WithDefault("10s")
    Duration slowClientTimeout();

    /** Frames handed to one socket and not yet written out; beyond this the rest wait in the queue. */
    @WithDefault("16")
    int maxInFlight();

    /** How often every connection gets a heartbeat. */
    @WithDefault("15s")
    Duration heartbeatInterval();

    /**
     * An hour without its final message is dropped this long after its end (the aggregator closes hours
     * after its grace period, 5 minutes by default). A fresh instance replays pulse.metrics from the
     * start of the oldest hour that may still be open by this rule.
     */
    @WithDefault("10m")
    Duration openHourRetention();

    /** How far back a fresh instance reads pulse.alerts to find the alerts that are still active. */
    @WithDefault("7d")
    Duration alertsReplay();

    /**
     * Browser origins allowed on the WebSocket upgrade and on writes through /api besides the gateway's
     * own; {@code *} allows any. The same as pulse.http.allowed-origins (either may be used).
     */
    Optional<List<String>> allowedOrigins();

    Aggregator aggregator();

    Events events();

    Auth auth();

    /** The aggregator's REST API, to which /api/* is forwarded. */
    interface Aggregator {

        /**
         * The aggregator's base address ({@code pulse.gateway.aggregator.url}, env
         * {@code PULSE_GATEWAY_AGGREGATOR_URL}; the environment variable {@code PULSE_AGGREGATOR_URL} still
         * counts, under it).
         */
        @WithDefault("${PULSE_AGGREGATOR_URL:http://127.0.0.1:8082}")
        URI url();

        /** A proxied exchange that sends or receives nothing for this long fails with 504. */
        @WithDefault("30s")
        Duration idleTimeout();
    }

    /** The live feed of sampled events (WebSocket kinds {@code events} and {@code errors}). */
    interface Events {

        /**
         * {@code event} frames per second per connection, over all its subscriptions, from a bucket of as many
         * in which other events leave the lower half to errors. At least 1.
         */
        @WithDefault("20")
        int maxPerSecond();
    }

    /** Bearer tokens. With none configured, /ws and /api are open and the gateway must listen on loopback only. */
    interface Auth {

        /** Tokens that may read: subscribe, and GET/HEAD under /api. */
        Optional<List<String>> viewerTokens();

        /** Tokens that may also change: every method under /api. */
        Optional<List<String>> operatorTokens();
    }
}

package io.pulseboard.ingest.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code pulse.ingest.*}: how request bodies are received and how their events are published. */
@ConfigMapping(prefix = "pulse.ingest")
public interface IngestConfig {

    /** How many events of one request may wait for Kafka's acknowledgement at once. */
    @WithDefault("1000")
    int maxInFlight();

    /**
     * The time from a request's headers to the last byte of its body. A body not whole by then is
     * answered 408 and its connection closed: a client sending a byte now and then cannot hold on.
     */
    @WithDefault("30s")
    Duration bodyTimeout();

    /**
     * Bytes of request bodies held at once, across every request being received or read; a body that
     * would go over it is answered 503 (try again shortly).
     */
    @WithDefault("256M")
    MemorySize bodyMemory();

    /**
     * Events older than this are rejected, each with the reason: keep it equal to the aggregator's
     * {@code pulse.aggregator.max-lateness}, which would dead-letter them.
     */
    @WithDefault("7d")
    Duration maxLateness();

    /** Events more than this ahead of now are rejected: the aggregator's {@code pulse.aggregator.max-future-skew}. */
    @WithDefault("5m")
    Duration maxFutureSkew();
}

package io.pulseboard.aggregator.store;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Leaves out the gauges of the reactive PostgreSQL client ({@code postgresql.queue.size},
 * {@code postgresql.current}). Vert.x registers them for every connection the pool opens under one
 * name: the first connection's win and every later one logged "Gauge already registered" at start.
 * They described one connection of the pool, not the pool; the client's timers and counters stay.
 */
@Singleton
public class SqlClientGauges {

    @Produces
    @Singleton
    MeterFilter perConnectionGauges() {
        return MeterFilter.deny(id -> id.getType() == Meter.Type.GAUGE && "sql".equals(id.getTag("clientType")));
    }
}

package io.pulseboard.aggregator.store;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One (stream, UTC hour) as stored: the numbers for queries, and the compact serialized {@link
 * HourAggregate} (totals, exact sums, sketches) to continue it with late events or merge it into
 * ranges.
 */
@Entity
@Table(name = "pulse_hour")
@IdClass(HourEntity.Key.class)
public class HourEntity extends PanacheEntityBase {

    @Id
    public String stream;

    @Id
    public Instant hour;

    public long count;

    public long errors;

    @Column(name = "error_rate")
    public double errorRate;

    @Column(name = "late_events")
    public long lateEvents;

    @Column(name = "first_event")
    public Instant firstEvent;

    @Column(name = "last_event")
    public Instant lastEvent;

    public long revision;

    @Column(name = "`final`")
    public boolean isFinal;

    public byte[] aggregate;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The row for the current state of {@code h}. */
    public static HourEntity of(HourAggregate h, Instant now) {
        HourEntity e = new HourEntity();
        e.stream = h.stream();
        e.hour = h.hour();
        e.count = h.count();
        e.errors = h.errors();
        e.errorRate = h.count() == 0 ? 0.0 : (double) h.errors() / h.count();
        e.lateEvents = h.lateEvents();
        e.firstEvent = h.firstEvent();
        e.lastEvent = h.lastEvent();
        e.revision = h.revision();
        e.isFinal = h.isFinal();
        e.aggregate = h.serializeCompact();
        e.updatedAt = now;
        return e;
    }

    /** The stored aggregate (without minute buckets). */
    public HourAggregate toAggregate() {
        return HourAggregate.deserialize(aggregate);
    }

    /** The primary key: (stream, hour). */
    public static class Key implements Serializable {
        public String stream;
        public Instant hour;

        public Key() {}

        public Key(String stream, Instant hour) {
            this.stream = stream;
            this.hour = hour;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(stream, k.stream) && Objects.equals(hour, k.hour);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stream, hour);
        }
    }
}

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
 * One (stream, UTC minute) as stored: the numbers for queries, and the minute as a compact {@link
 * HourAggregate} of span 60 s (exact sums, sketches) to merge into 5- and 15-minute rows or to
 * rebuild its hour's minutes for a late event.
 */
@Entity
@Table(name = "pulse_minute")
@IdClass(MinuteEntity.Key.class)
public class MinuteEntity extends PanacheEntityBase {

    @Id
    public String stream;

    @Id
    public Instant minute;

    public long count;

    public long errors;

    public long revision;

    public byte[] aggregate;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The row of {@code minute}, an {@link HourAggregate#minuteAggregate} of its hour. */
    public static MinuteEntity of(HourAggregate minute, Instant now) {
        MinuteEntity e = new MinuteEntity();
        e.stream = minute.stream();
        e.minute = minute.start();
        e.count = minute.count();
        e.errors = minute.errors();
        e.revision = minute.revision();
        e.aggregate = minute.serializeCompact();
        e.updatedAt = now;
        return e;
    }

    /** The stored minute: a roll-up of span 60 s. */
    public HourAggregate toAggregate() {
        return HourAggregate.deserialize(aggregate);
    }

    /** The primary key: (stream, minute). */
    public static class Key implements Serializable {
        public String stream;
        public Instant minute;

        public Key() {}

        public Key(String stream, Instant minute) {
            this.stream = stream;
            this.minute = minute;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(stream, k.stream) && Objects.equals(minute, k.minute);
        }

        @Override
        public int hashCode() {
            return Objects.hash(stream, minute);
        }
    }
}

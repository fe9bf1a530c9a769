package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.MinuteEntity;
import java.time.Instant;

/** A stored hour or minute of one stream, as a history reads it. */
record Period(String stream, Instant start, Instant updatedAt, byte[] aggregate) {

    static Period of(HourEntity row) {
        return new Period(row.stream, row.hour, row.updatedAt, row.aggregate);
    }

    static Period of(MinuteEntity row) {
        return new Period(row.stream, row.minute, row.updatedAt, row.aggregate);
    }

    HourAggregate toAggregate() {
        return HourAggregate.deserialize(aggregate);
    }
}

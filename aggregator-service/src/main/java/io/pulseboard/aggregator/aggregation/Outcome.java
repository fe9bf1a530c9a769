package io.pulseboard.aggregator.aggregation;

/**
 * What {@link PartitionState} did with one event.
 *
 * @param kind the classification
 * @param key the (stream, hour) of the event; null only for {@link Kind#REJECTED_INVALID}
 * @param hour the aggregate the event was counted into ({@link Kind#COUNTED}, {@link
 *     Kind#COUNTED_LATE}); for a late event the caller stores this closed hour again
 * @param reason for a rejection, the text for the DLQ's {@code pulse-error} header; otherwise null
 */
public record Outcome(Kind kind, HourKey key, HourAggregate hour, String reason) {

    public enum Kind {
        /** Counted into its open hour. */
        COUNTED,
        /** Counted into its closed hour, as a late event: store the hour and publish it again. */
        COUNTED_LATE,
        /**
         * Its hour is closed and not in memory: load the hour (or nothing, if it never had events) and
         * call {@link PartitionState#applyLate}. Nothing was changed.
         */
        NEEDS_CLOSED_HOUR,
        /** Older than the maximum lateness: to the DLQ with {@link Outcome#reason()}. */
        REJECTED_TOO_OLD,
        /** More than the maximum future skew ahead of the clock: to the DLQ. */
        REJECTED_TOO_FAR_IN_FUTURE,
        /** Not an event the engine can count (no stream, no time, a value that is not finite). */
        REJECTED_INVALID,
        /**
         * Valid, but beyond a limit of its hour: one value name more than {@link
         * AggregationSettings#maxValueNames()}, or a sum beyond {@link HourAggregate#MAX_SUM}.
         */
        REJECTED_OVER_LIMIT;

        public boolean isRejected() {
            return this == REJECTED_TOO_OLD
                    || this == REJECTED_TOO_FAR_IN_FUTURE
                    || this == REJECTED_INVALID
                    || this == REJECTED_OVER_LIMIT;
        }

        public boolean isCounted() {
            return this == COUNTED || this == COUNTED_LATE;
        }
    }

    public boolean isCounted() {
        return kind.isCounted();
    }

    public boolean isRejected() {
        return kind.isRejected();
    }

    static Outcome counted(HourAggregate hour) {
        return new Outcome(Kind.COUNTED, hour.key(), hour, null);
    }

    static Outcome countedLate(HourAggregate hour) {
        return new Outcome(Kind.COUNTED_LATE, hour.key(), hour, null);
    }

    static Outcome needsClosedHour(HourKey key) {
        return new Outcome(Kind.NEEDS_CLOSED_HOUR, key, null, null);
    }

    static Outcome rejected(Kind kind, HourKey key, String reason) {
        return new Outcome(kind, key, null, reason);
    }
}

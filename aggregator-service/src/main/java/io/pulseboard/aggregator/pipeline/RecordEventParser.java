package io.pulseboard.aggregator.pipeline;

import io.pulseboard.model.validation.EventParser;
import io.pulseboard.model.validation.ParsedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Parses the value of a record of {@code pulse.events} with the event model's {@link EventParser}.
 * An event without {@code time} gets the record's timestamp (when the producer handed it to Kafka),
 * not the time the aggregator happens to read it: a replay of an old log then lands in the same
 * hours as the first reading did.
 *
 * <p>The parser's clock answers the timestamp of the record being parsed on the calling thread, so
 * one parser (and its validator) serves every record. Thread-safe.
 */
public final class RecordEventParser {

    private final RecordTimeClock clock = new RecordTimeClock();
    private final EventParser parser = new EventParser(clock);

    /**
     * Parses {@code value}; {@code recordTime} is the time of an event that has none (the record's
     * timestamp, or the wall clock if the record has none).
     */
    public ParsedEvent parse(byte[] value, Instant recordTime) {
        // Set, never removed: every parse on this thread sets it first, and removing costs a
        // clean-up of the thread's table on every record.
        clock.current.set(recordTime);
        return parser.parse(value);
    }

    /** The record time of the latest parse on this thread; the wall clock before the first. */
    private static final class RecordTimeClock extends Clock {

        private final ThreadLocal<Instant> current = new ThreadLocal<>();

        @Override
        public Instant instant() {
            Instant t = current.get();
            return t != null ? t : Instant.now();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the record clock is UTC");
        }
    }
}

package io.pulseboard.model.validation;

import java.time.Duration;

/** The size limits of an event (DESIGN.md, "Event"). Lengths count Unicode characters. */
public final class EventLimits {

    /**
     * Largest event, as sent and once serialized. Also the longest NDJSON line of events (a line of a
     * dead-letter export may be longer: {@link DeadLetterLines#MAX_LINE_BYTES}).
     */
    public static final int MAX_EVENT_BYTES = 16384;

    public static final int MAX_VALUES = 32;
    public static final int MAX_VALUE_NAME_LENGTH = 64;

    public static final int MAX_TAGS = 16;
    public static final int MAX_TAG_KEY_LENGTH = 64;
    public static final int MAX_TAG_VALUE_LENGTH = 256;

    public static final int MAX_ERROR_TYPE_LENGTH = 64;

    /** Longest {@code message}. */
    public static final int MAX_MESSAGE_LENGTH = 1024;

    /** Longest {@code source} and {@code id}. */
    public static final int MAX_STRING = 128;

    /**
     * How far in the future an event time may be. Checked by the aggregator against its own clock,
     * not by {@link EventParser}: whether a time is in the future depends on when it is read.
     */
    public static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    private EventLimits() {}
}

package io.pulseboard.model;

/** Kafka topic names and the headers of dead-letter records. */
public final class Topics {

    /** Events, keyed by stream name. */
    public static final String EVENTS = "pulse.events";

    /** Events that could not be used: the raw bytes, with the two headers below. */
    public static final String EVENTS_DLQ = "pulse.events.dlq";

    /** HourlyMetrics, keyed by stream: the whole state of one (stream, hour) per message. */
    public static final String METRICS = "pulse.metrics";

    /**
     * Minute states (the HourlyMetrics shape, {@code hour} = the minute's start), keyed by stream: the
     * whole state of one (stream, minute) per message. Short retention: clients want the last hour.
     */
    public static final String MINUTES = "pulse.minutes";

    /** How long pulse.minutes keeps its messages: a gateway replays 65 minutes of it. */
    public static final long MINUTES_RETENTION_MS = 3 * 60 * 60 * 1000L;

    /**
     * A bounded sample of the counted events, keyed by stream, and dead-letter notices (unkeyed):
     * the live feed the gateways fan out, so that they never read pulse.events at full rate.
     */
    public static final String SAMPLES = "pulse.samples";

    /** How long pulse.samples keeps its messages: gateways read it from its end. */
    public static final long SAMPLES_RETENTION_MS = 60 * 60 * 1000L;

    /** Alerts, keyed by rule id and stream: one state change per message. */
    public static final String ALERTS = "pulse.alerts";

    /** AlertRules, keyed by rule id; compacted, and a tombstone deletes the rule. */
    public static final String RULES = "pulse.rules";

    /** DLQ header: why the record was rejected. */
    public static final String ERROR_HEADER = "pulse-error";

    /** DLQ header: where the rejected record came from. */
    public static final String SOURCE_HEADER = "pulse-source";

    private Topics() {}
}

package io.pulseboard.aggregator.deadletters;

/** Why a record was dead-lettered, as a stable code for counting (docs/design.md, Dead letters). */
public enum DeadLetterReason {
    /** Not JSON, not an event, failing a rule of the schema, or too large. */
    INVALID("invalid"),
    /** No record key, or a key that is not the event's stream. */
    RECORD_KEY("record_key"),
    /** Its stream is counted on another partition. */
    WRONG_PARTITION("wrong_partition"),
    /** Older than the maximum lateness behind its partition's clock. */
    TOO_OLD("too_old"),
    /** More than the maximum future skew ahead of now. */
    TOO_FAR_IN_FUTURE("too_far_in_future"),
    /** Would pass a limit of its hour. */
    OVER_LIMIT("over_limit");

    private final String code;

    DeadLetterReason(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

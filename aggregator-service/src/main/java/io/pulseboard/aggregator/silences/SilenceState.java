package io.pulseboard.aggregator.silences;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a silence is in time: computed from its times and the clock, never stored. */
public enum SilenceState {
    /** Starts later. */
    PENDING,
    /** Silences matching alerts now. */
    ACTIVE,
    /** Ended early or past its end; kept as history. */
    EXPIRED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

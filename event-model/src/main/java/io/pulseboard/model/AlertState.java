package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a (rule, stream) pair is in its alert life cycle; lowercase in JSON. */
public enum AlertState {
    INACTIVE,
    PENDING,
    FIRING,
    RESOLVED;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

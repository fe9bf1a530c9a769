package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Outcome of the operation an event reports; {@code "ok"} or {@code "error"} in JSON. */
public enum Status {
    OK,
    ERROR;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

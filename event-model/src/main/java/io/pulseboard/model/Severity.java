package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an alert rule is; lowercase in JSON. */
public enum Severity {
    INFO,
    WARNING,
    CRITICAL;

    @JsonValue
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

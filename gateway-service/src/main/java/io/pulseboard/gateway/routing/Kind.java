package io.pulseboard.gateway.routing;

import java.util.Locale;
import java.util.Optional;

/** What a subscription delivers: metrics of open hours, alerts, or both. */
public enum Kind {
    METRICS,
    ALERTS;

    /** The name in the protocol's {@code kinds}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> fromWire(String name) {
        for (Kind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}

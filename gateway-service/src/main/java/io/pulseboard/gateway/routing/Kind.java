package io.pulseboard.gateway.routing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a subscription delivers: metrics of open hours, the last 60 minutes at minute resolution, alerts.
 * The order is the order of the snapshots and of {@code kinds} in {@code subscribed}.
 */
public enum Kind {
    METRICS,
    MINUTES,
    ALERTS;

    /** What a subscribe without {@code kinds} gets. */
    public static final Set<Kind> DEFAULT = Collections.unmodifiableSet(EnumSet.of(METRICS, ALERTS));

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

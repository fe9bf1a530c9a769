package io.pulseboard.gateway.routing;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a subscription delivers: metrics of open hours, the last 60 minutes at minute resolution, alerts, the
 * sampled live feed of events (or of errors only), dead-letter notices. The order is the order of the
 * snapshots and of {@code kinds} in {@code subscribed}; the last three have no snapshot.
 */
public enum Kind {
    METRICS,
    MINUTES,
    ALERTS,
    EVENTS,
    ERRORS,
    DEAD_LETTERS;

    /** What a subscribe without {@code kinds} gets. */
    public static final Set<Kind> DEFAULT = Collections.unmodifiableSet(EnumSet.of(METRICS, ALERTS));

    /** The name in the protocol's {@code kinds}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a subscription gets the current state first; the live feed and dead letters have none (REST has the recent past). */
    public boolean hasSnapshot() {
        return this == METRICS || this == MINUTES || this == ALERTS;
    }

    /** Every kind's name as a message lists them: {@code "metrics", ... or "dead_letters"}. */
    public static String wireNames() {
        StringBuilder names = new StringBuilder();
        Kind[] all = values();
        for (int i = 0; i < all.length; i++) {
            names.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ")
                    .append('"')
                    .append(all[i].wireName())
                    .append('"');
        }
        return names.toString();
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

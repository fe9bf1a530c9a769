package io.pulseboard.aggregator.support;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as rules and receivers write them: a whole number and one unit, {@code 30s}, {@code 5m},
 * {@code 1h}, {@code 1d} (a window, {@code for}, an {@code offset}, a receiver's {@code group_wait}).
 */
public final class WrittenDurations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

    private WrittenDurations() {}

    /** The duration; an {@link IllegalArgumentException} says what is wrong with it. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is no duration: write a whole number and a unit, s, m, h or d (30s, 5m, 1h, 1d)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /** The shortest spelling of a whole number of minutes: {@code 1d}, {@code 90m}, {@code 36h}. */
    public static String format(Duration d) {
        long minutes = d.toMinutes();
        if (minutes % (24 * 60) == 0) {
            return minutes / (24 * 60) + "d";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
    }

    /** {@link #parse} of {@code text}, or {@code absent} if it is null. */
    public static Duration parseOr(String text, Duration absent) {
        return text == null ? absent : parse(text);
    }
}

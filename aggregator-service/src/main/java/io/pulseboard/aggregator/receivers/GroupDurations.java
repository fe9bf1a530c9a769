package io.pulseboard.aggregator.receivers;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A receiver's grouping durations as written: a whole number and a unit, {@code 10s}, {@code 1m}, {@code 4h}, {@code 1d}. */
final class GroupDurations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

    private GroupDurations() {}

    /** The duration; an {@link IllegalArgumentException} says what is wrong with it. */
    static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is no duration: write a whole number and a unit, s, m, h or d (10s, 1m, 4h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}

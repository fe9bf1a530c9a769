package io.pulseboard.aggregator.rules;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The durations of a rule as written: a whole number and a unit, {@code 30s}, {@code 5m}, {@code 1h}. */
public final class RuleDurations {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,9})(s|m|h)");

    private RuleDurations() {}

    /** The duration; an {@link IllegalArgumentException} says what is wrong with it. */
    public static Duration parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is no duration: write a whole number and a unit, s, m or h (30s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** {@link #parse} of {@code text}, or {@code absent} if it is null. */
    public static Duration parseOr(String text, Duration absent) {
        return text == null ? absent : parse(text);
    }
}

package io.pulseboard.model;

import java.time.Duration;

/** Durations as people write them in settings and read them in reasons: {@code 7d}, {@code 1h30m}. */
public final class Durations {

    private Durations() {}

    /** A short form for reasons and logs: {@code 7d}, {@code 5m}, {@code 1h30m}, {@code 2.5s}. */
    public static String describe(Duration d) {
        if (d.isNegative()) {
            return "-" + describe(d.negated());
        }
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long days = d.toDays();
        int hours = d.toHoursPart();
        int minutes = d.toMinutesPart();
        int seconds = d.toSecondsPart();
        int millis = d.toMillisPart();
        if (days > 0) out.append(days).append('d');
        if (hours > 0) out.append(hours).append('h');
        if (minutes > 0) out.append(minutes).append('m');
        if (seconds > 0 || millis > 0) {
            out.append(seconds);
            if (millis > 0) {
                out.append('.').append(String.format("%03d", millis).replaceAll("0+$", ""));
            }
            out.append('s');
        }
        return out.length() == 0 ? d.toString() : out.toString();
    }
}

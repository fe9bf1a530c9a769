package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A point in time as a query parameter: an ISO-8601 instant with offset
 * ({@code 2026-11-22T10:00:00Z}), a UTC date ({@code 2026-11-22}), epoch milliseconds, or relative
 * to now ({@code now}, {@code now-24h}, {@code now-7d}; units s, m, h, d).
 */
public final class TimeParam {

    public static final String FORMATS = "an ISO-8601 time with offset (2026-11-22T10:00:00Z), a date (2026-11-22),"
            + " epoch milliseconds, or now[-N(s|m|h|d)]";

    private static final Pattern RELATIVE = Pattern.compile("now(?:-(\\d{1,6})([smhd]))?");
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,15}");

    private TimeParam() {}

    /** The time {@code value} names, or null when it is absent. */
    public static Instant parse(String name, String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Matcher relative = RELATIVE.matcher(v);
        if (relative.matches()) {
            if (relative.group(1) == null) {
                return now;
            }
            long n = Long.parseLong(relative.group(1));
            Duration back = switch (relative.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return now.minus(back);
        }
        if (DIGITS.matcher(v).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(v));
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + ": '" + value + "' is not a time (at character "
                    + (e.getErrorIndex() + 1) + "); use " + FORMATS);
        }
    }
}

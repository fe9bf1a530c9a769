package io.pulseboard.cli;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in time as people give it: a duration ago ({@code 24h}, {@code 30m}) or an ISO-8601 time with offset. */
final class SinceConverter implements ITypeConverter<Instant> {

    @Override
    public Instant convert(String value) {
        try {
            return Instant.now().minus(new DurationConverter().convert(value));
        } catch (TypeConversionException notADuration) {
            try {
                return OffsetDateTime.parse(value.trim()).toInstant();
            } catch (DateTimeException notATime) {
                throw new TypeConversionException("'" + value + "' is neither a duration (24h, 30m) "
                        + "nor an ISO-8601 time with offset (2026-11-22T10:00:00Z)");
            }
        }
    }
}

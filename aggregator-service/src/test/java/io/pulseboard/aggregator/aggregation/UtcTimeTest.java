package io.pulseboard.aggregator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.model.Event;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class UtcTimeTest {

    static int minuteOf(Event e) {
        return e.time().atZone(ZoneOffset.UTC).getMinute();
    }

    @Test
    void truncatesToUtcHoursAndMinutes() {
        Instant t = Instant.parse("2026-11-22T10:15:30.123456789Z");
        assertThat(UtcTime.hourOf(t)).isEqualTo(Instant.parse("2026-11-22T10:00:00Z"));
        assertThat(UtcTime.minuteOf(t)).isEqualTo(Instant.parse("2026-11-22T10:15:00Z"));
        assertThat(UtcTime.minuteOfHour(t)).isEqualTo(15);
        assertThat(UtcTime.isHourStart(t)).isFalse();
        assertThat(UtcTime.isHourStart(UtcTime.hourOf(t))).isTrue();
        // before the epoch, truncation still goes down
        Instant old = Instant.parse("1969-12-31T23:59:59.5Z");
        assertThat(UtcTime.hourOf(old)).isEqualTo(old.truncatedTo(ChronoUnit.HOURS));
        assertThat(UtcTime.minuteOf(old)).isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
        assertThat(UtcTime.minuteOfHour(old)).isEqualTo(59);
        assertThat(HourKey.of("s", t).end()).isEqualTo(Instant.parse("2026-11-22T11:00:00Z"));
        assertThat(HourKey.of("s", t).contains(t)).isTrue();
    }
}

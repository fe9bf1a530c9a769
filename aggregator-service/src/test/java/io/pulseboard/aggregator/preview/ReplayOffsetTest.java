package io.pulseboard.aggregator.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** A minute window compared with the same window a day before ({@code offset 1d}), from minute rows, against brute force. */
class ReplayOffsetTest {

    private static final String STREAM = "billing.api";
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final int MINUTES = 2 * 24 * 60;

    /** Events per minute over two days: 2 to 6 most minutes, none in a few, bursts of 15 to 25 in some stretches. */
    private static int[] counts(long seed) {
        Random random = new Random(seed);
        int[] counts = new int[MINUTES];
        for (int m = 0; m < MINUTES; m++) {
            boolean burst = (m / 17) % 23 == 5;
            counts[m] = random.nextInt(30) == 0 ? 0 : burst ? 15 + random.nextInt(11) : 2 + random.nextInt(5);
        }
        return counts;
    }

    private static Instant at(int minute) {
        return T0.plus(MINUTE.multipliedBy(minute));
    }

    /** The minutes as stored minute rows, read back as the preview reads them. */
    private static Map<Instant, HourAggregate> stored(int[] counts) {
        List<HourAggregate> rows = new ArrayList<>();
        Map<Instant, HourAggregate> hours = new HashMap<>();
        for (int m = 0; m < counts.length; m++) {
            HourAggregate h = hours.computeIfAbsent(
                    at(m).minusSeconds(at(m).getEpochSecond() % 3600), t -> new HourAggregate(HourKey.of(STREAM, t)));
            for (int i = 0; i < counts[m]; i++) {
                h.add(new Event(STREAM, at(m).plusSeconds(i), Status.OK, null, Map.of(), Map.of(), null, null), false);
            }
        }
        for (HourAggregate h : hours.values()) {
            for (int m = 0; m < 60; m++) {
                HourAggregate minute = h.minuteAggregate(m);
                if (minute != null) {
                    rows.add(HourAggregate.deserialize(minute.serializeCompact()));
                }
            }
        }
        return StoredHours.of(STREAM, rows);
    }

    /** Events in the 5 whole minutes ending with the minute of t, counted afresh. */
    private static double countOver(int[] counts, Instant t) {
        int last = (int) Duration.between(T0, t).toMinutes();
        double n = 0;
        for (int m = last - 4; m <= last; m++) {
            n += m >= 0 && m < counts.length ? counts[m] : 0;
        }
        return n;
    }

    @Test
    void aFiveMinuteWindowAgainstTheSameMinutesOfTheDayBefore() {
        int[] counts = counts(13);
        CompiledRule rule = ReplayHoursTest.rule("count > 2 * count offset 1d", "5m", null, null, null);
        assertThat(rule.hourWindow()).isFalse();
        Instant from = at(24 * 60 + 10).plusSeconds(30); // off the minute grid
        Instant to = at(2 * 24 * 60 - 1);
        Duration step = MINUTE;

        StreamPreview p = Replay.of(rule, STREAM, stored(counts), from, to, step);

        ToDoubleFunction<Instant> now = t -> countOver(counts, t);
        ToDoubleFunction<Instant> dayBefore = t -> countOver(counts, t.minus(Duration.ofDays(1)));
        List<PreviewAlert> expected = ReplayHoursTest.expected(
                ReplayHoursTest.instants(from, to, step),
                t -> now.applyAsDouble(t) > 2 * dayBefore.applyAsDouble(t),
                now);
        assertThat(expected)
                .as("today's bursts double yesterday's minutes several times")
                .hasSizeGreaterThanOrEqualTo(5);
        assertThat(p.alerts()).isEqualTo(expected);
    }

    @Test
    void anEarlierWindowWithoutEventsCountsZero() {
        int[] counts = counts(13);
        // Only today's minutes are stored: 'count offset 1d' is 0, and 2 * 0 < count fires throughout.
        int[] today = counts.clone();
        Arrays.fill(today, 0, 24 * 60, 0);
        CompiledRule rule = ReplayHoursTest.rule("count > 2 * count offset 1d", "5m", null, null, null);
        StreamPreview p = Replay.of(rule, STREAM, stored(today), at(24 * 60 + 10), at(24 * 60 + 100), MINUTE);
        assertThat(p.alerts()).hasSize(1);
        assertThat(p.alerts().get(0).firingAt()).isEqualTo(at(24 * 60 + 10));
        assertThat(p.alerts().get(0).resolvedAt()).isNull();
    }
}

package io.pulseboard.aggregator.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Event;
import io.pulseboard.model.Severity;
import io.pulseboard.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** The replay of a rule over synthetic stored minutes: for, keep_firing_for, resolve, ranges and hours. */
class ReplayTest {

    private static final String STREAM = "checkout.api";
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    /**
     * 08:00-08:09 at 100 ms, 08:10-08:19 at 900 (breaching), 08:20-08:29 at 450 (neither breaching
     * nor resolving), 08:30-08:39 at 100 (resolving), 08:40-08:41 at 900 (shorter than for),
     * 08:42-08:49 at 100, 08:50-08:59 at 900; nothing from 09:00.
     */
    private static double latency(int minute) {
        if (minute >= 10 && minute < 20 || minute >= 40 && minute < 42 || minute >= 50) {
            return 900;
        }
        return minute >= 20 && minute < 30 ? 450 : 100;
    }

    private static CompiledRule rule(String expr, String window, String forDuration, String keep, String resolve) {
        return CompiledRule.compile(new AlertRule(
                "r1",
                "slow",
                "checkout.*",
                expr,
                window,
                forDuration,
                keep,
                resolve,
                Severity.CRITICAL,
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    }

    /** Ten events a minute for each of {@code minutes} from T0, stored as minute rows and read back as the preview does. */
    private static Map<Instant, HourAggregate> stored(int minutes, IntToDoubleFunction latency) {
        List<HourAggregate> hours = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            Instant t = T0.plus(MINUTE.multipliedBy(m));
            if (m % 60 == 0) {
                hours.add(new HourAggregate(HourKey.of(STREAM, t)));
            }
            for (int i = 0; i < 10; i++) {
                Event e = new Event(
                        STREAM,
                        t.plusSeconds(i * 5L),
                        Status.OK,
                        null,
                        Map.of("latency_ms", latency.applyAsDouble(m)),
                        Map.of(),
                        null,
                        null);
                hours.get(hours.size() - 1).add(e, false);
            }
        }
        List<HourAggregate> rows = new ArrayList<>();
        for (HourAggregate h : hours) {
            for (int m = 0; m < 60; m++) {
                HourAggregate minute = h.minuteAggregate(m);
                if (minute != null) {
                    rows.add(HourAggregate.deserialize(minute.serializeCompact())); // as the row reads back
                }
            }
        }
        return StoredHours.of(STREAM, rows);
    }

    private static Instant at(int minute) {
        return T0.plus(MINUTE.multipliedBy(minute));
    }

    @Test
    void pendingForFiringKeptFiringUntilClearForKeepFiringForThenResolved() {
        CompiledRule rule = rule("p95(latency_ms) > 500", "1m", "3m", "2m", "p95(latency_ms) < 400");

        StreamPreview p = Replay.of(rule, STREAM, stored(60, ReplayTest::latency), T0, at(60), MINUTE);

        assertThat(p.stream()).isEqualTo(STREAM);
        assertThat(p.alerts())
                .containsExactly(
                        // pending at 08:10, firing after for (3m); 450 neither breaches nor resolves, so it
                        // keeps firing until 08:30, then resolves once clear for keep_firing_for (2m).
                        new PreviewAlert(at(10), at(13), at(32), 900.0),
                        // 08:40-08:41 is shorter than for: pending, then inactive, not an alert that fired.
                        // Firing at the end of the range: no data at 09:00 does not hold it, but keep_firing_for has
                        // not passed.
                        new PreviewAlert(at(50), at(53), null, 900.0));
        assertThat(p.firingMinutes()).isEqualTo((32 - 13) + (60 - 53));
    }

    @Test
    void withoutForAndKeepFiringForItFiresAtOnceAndResolvesAtTheFirstClearStep() {
        CompiledRule rule = rule("p95(latency_ms) > 500", "1m", null, null, null);

        StreamPreview p = Replay.of(rule, STREAM, stored(60, ReplayTest::latency), T0, at(59), MINUTE);

        assertThat(p.alerts())
                .containsExactly(
                        new PreviewAlert(at(10), at(10), at(20), 900.0),
                        new PreviewAlert(at(40), at(40), at(42), 900.0),
                        new PreviewAlert(at(50), at(50), null, 900.0));
        assertThat(p.firingMinutes()).isEqualTo(10 + 2 + 9);
    }

    @Test
    void aWindowReachesIntoThePreviousHourAndMinutesAreReadWhole() {
        // 5 minutes of count: 50 events in each whole window; the hour boundary changes nothing.
        CompiledRule rule = rule("count >= 50", "5m", null, null, null);

        StreamPreview p = Replay.of(rule, STREAM, stored(120, m -> 1), at(30), at(90), MINUTE);

        assertThat(p.alerts()).containsExactly(new PreviewAlert(at(30), at(30), null, 50.0));
        assertThat(p.firingMinutes()).isEqualTo(60);

        // The step decides the instants: every 7 minutes from 08:30 up to 09:26, then 09:30 (to) itself.
        StreamPreview stepped = Replay.of(rule, STREAM, stored(120, m -> 1), at(30), at(90), Duration.ofMinutes(7));
        assertThat(stepped.alerts()).containsExactly(new PreviewAlert(at(30), at(30), null, 50.0));
        assertThat(Replay.instants(at(30), at(90), Duration.ofMinutes(7))).isEqualTo(10);
        assertThat(Replay.instants(at(30), at(90), MINUTE)).isEqualTo(61);
    }

    @Test
    void noDataNeverFiresAndTheResolveConditionKeepsAnAlertUp() {
        CompiledRule absent = rule("p95(other_ms) > 1", "1m", null, null, null);
        assertThat(Replay.of(absent, STREAM, stored(60, ReplayTest::latency), T0, at(60), MINUTE)
                        .alerts())
                .isEmpty();

        // Resolving needs p95 < 50, which 100 never is: the first alert stays firing to the end.
        CompiledRule sticky = rule("p95(latency_ms) > 500", "1m", null, null, "p95(latency_ms) < 50");
        StreamPreview p = Replay.of(sticky, STREAM, stored(60, ReplayTest::latency), T0, at(59), MINUTE);
        assertThat(p.alerts()).containsExactly(new PreviewAlert(at(10), at(10), null, 900.0));
        assertThat(p.firingMinutes()).isEqualTo(49);
    }
}

package io.pulseboard.aggregator.preview;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.UtcTime;
import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Event;
import io.pulseboard.model.Severity;
import io.pulseboard.model.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The replay of rules with windows of hours (and offsets) over 30 days of synthetic hourly rows,
 * against brute force: sums over the hours added up afresh at each step, and windows merged afresh
 * from their hours at each step.
 */
class ReplayHoursTest {

    static final String STREAM = "billing.api";
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    static final Duration HOUR = Duration.ofHours(1);

    /** The synthetic history: hours from T0 - 8 days to T0 + 31 days. */
    static final int FIRST_HOUR = -8 * 24;

    static final int LAST_HOUR = 31 * 24;

    static CompiledRule rule(String expr, String window, String forDuration, String keep, String resolve) {
        return CompiledRule.compile(new AlertRule(
                "r1",
                "costly",
                "billing.*",
                expr,
                window,
                forDuration,
                keep,
                resolve,
                Severity.WARNING,
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                null));
    }

    /** The events of one synthetic hour: their costs (multiples of 0.5, so double sums are exact) and latencies. */
    record Hour(List<Double> costs, List<Double> latencies) {}

    /**
     * Hour i from T0: a few cheap events most hours, none in some, and bursts of costly ones on a few
     * days (so that a 24 h sum crosses a threshold and falls back several times); latencies spread so
     * that most hours hold an exact list of values and some a sketch.
     */
    static Map<Integer, Hour> history(long seed) {
        Random random = new Random(seed);
        Map<Integer, Hour> hours = new HashMap<>();
        for (int i = FIRST_HOUR; i <= LAST_HOUR; i++) {
            int day = Math.floorDiv(i, 24);
            boolean burst = (day == 3 || day == 4 || day == 11 || day == 19 || day == 26) && random.nextInt(3) > 0;
            int n = random.nextInt(10) == 0 ? 0 : burst ? 20 + random.nextInt(40) : random.nextInt(8);
            List<Double> costs = new ArrayList<>();
            List<Double> latencies = new ArrayList<>();
            for (int e = 0; e < n; e++) {
                costs.add((burst ? 2 + random.nextInt(6) : 1 + random.nextInt(3)) * 0.5);
                latencies.add(burst ? 200 + random.nextInt(2000) : 5 + random.nextInt(400) + random.nextDouble());
            }
            hours.put(i, new Hour(costs, latencies));
        }
        return hours;
    }

    static Instant hour(int i) {
        return T0.plus(HOUR.multipliedBy(i));
    }

    /** The hours as stored hourly rows read back (compact, without minutes). */
    static Map<Instant, HourAggregate> rows(Map<Integer, Hour> history) {
        Map<Instant, HourAggregate> rows = new HashMap<>();
        history.forEach((i, h) -> {
            if (h.costs().isEmpty()) {
                return; // an hour without events has no row
            }
            HourAggregate agg = new HourAggregate(HourKey.of(STREAM, hour(i)));
            for (int e = 0; e < h.costs().size(); e++) {
                agg.add(
                        new Event(
                                STREAM,
                                hour(i).plusSeconds(e * 37L % 3600),
                                e % 7 == 0 ? Status.ERROR : Status.OK,
                                null,
                                Map.of(
                                        "cost_usd",
                                        h.costs().get(e),
                                        "latency_ms",
                                        h.latencies().get(e),
                                        "other",
                                        1.0),
                                Map.of(),
                                null,
                                null),
                        false);
            }
            rows.put(hour(i), HourAggregate.deserialize(agg.serializeCompact()));
        });
        return rows;
    }

    /** The instants a replay evaluates: from, from + step, ..., and to. */
    static List<Instant> instants(Instant from, Instant to, Duration step) {
        List<Instant> out = new ArrayList<>();
        for (Instant t = from; t.isBefore(to); t = t.plus(step)) {
            out.add(t);
        }
        out.add(to);
        return out;
    }

    /**
     * The alerts of a rule without for, keep_firing_for and resolve, by brute force: firing from the
     * first instant its condition holds to the first it does not, max_value the highest value of its
     * comparison's left side meanwhile.
     */
    static List<PreviewAlert> expected(
            List<Instant> instants, Predicate<Instant> condition, ToDoubleFunction<Instant> value) {
        List<PreviewAlert> alerts = new ArrayList<>();
        Instant firing = null;
        double max = Double.NaN;
        for (Instant t : instants) {
            if (condition.test(t)) {
                if (firing == null) {
                    firing = t;
                    max = Double.NEGATIVE_INFINITY;
                }
                max = Math.max(max, value.applyAsDouble(t));
            } else if (firing != null) {
                alerts.add(new PreviewAlert(firing, firing, t, max));
                firing = null;
            }
        }
        if (firing != null) {
            alerts.add(new PreviewAlert(firing, firing, null, max));
        }
        return alerts;
    }

    /** The sum of the costs of the N hours ending with the hour of t, added up afresh. */
    static double costOver(Map<Integer, Hour> history, int hours, Instant t) {
        int last = (int) Math.floorDiv(Duration.between(T0, UtcTime.hourOf(t)).toHours(), 1);
        double sum = 0;
        for (int i = last - hours + 1; i <= last; i++) {
            for (double c : history.get(i).costs()) {
                sum += c;
            }
        }
        return sum;
    }

    /** The window of N hours ending with the hour of t merged afresh from its rows, as the live evaluator's {@link WindowStats#ofHours}. */
    static WindowStats fresh(Map<Instant, HourAggregate> rows, int hours, Instant t) {
        List<HourAggregate> parts = new ArrayList<>();
        for (int k = hours - 1; k >= 0; k--) {
            HourAggregate row = rows.get(UtcTime.hourOf(t).minus(HOUR.multipliedBy(k)));
            if (row != null) {
                parts.add(row);
            }
        }
        return WindowStats.ofHours(hours, t, parts);
    }

    @Test
    void aDaySumOverThirtyDaysFiresAndResolvesWhereBruteForceSays() {
        Map<Integer, Hour> history = history(7);
        CompiledRule rule = rule("sum(cost_usd) > 150", "24h", null, null, null);
        Instant from = hour(0).plus(Duration.ofMinutes(7)); // off the hour grid
        Instant to = hour(30 * 24);
        Duration step = Duration.ofMinutes(20);

        StreamPreview p = Replay.ofHours(rule, STREAM, rows(history), from, to, step);

        List<PreviewAlert> expected =
                expected(instants(from, to, step), t -> costOver(history, 24, t) > 150, t -> costOver(history, 24, t));
        assertThat(expected).as("the data crosses the threshold several times").hasSizeGreaterThanOrEqualTo(4);
        assertThat(p.alerts()).isEqualTo(expected);
        long firing = expected.stream()
                .mapToLong(a -> Duration.between(a.firingAt(), a.resolvedAt() == null ? to : a.resolvedAt())
                        .toMinutes())
                .sum();
        assertThat(p.firingMinutes()).isEqualTo(firing);
        assertThat(Replay.instants(from, to, step))
                .isEqualTo(instants(from, to, step).size());
    }

    @Test
    void theSlidingMergeEqualsAFreshMergeAtEveryStep() {
        Map<Instant, HourAggregate> rows = rows(history(11));
        for (int hours : new int[] {2, 24, 168}) {
            SlidingHours sliding = new SlidingHours(STREAM, hours, rows);
            int steps = 0;
            int sketches = 0;
            int exact = 0;
            // 30 days at 20 minutes, and a jump over more than the window (a step of days).
            List<Instant> at = new ArrayList<>(instants(hour(0), hour(30 * 24), Duration.ofMinutes(20)));
            at.add(hour(30 * 24 + 3 * hours));
            for (Instant t : at) {
                WindowStats s = sliding.at(t);
                WindowStats f = fresh(rows, hours, t);
                assertThat(s.start()).isEqualTo(f.start());
                assertThat(s.count()).isEqualTo(f.count());
                assertThat(s.errors()).isEqualTo(f.errors());
                assertThat(s.rate()).isEqualTo(f.rate());
                for (String metric : List.of("sum", "mean", "min", "max", "p50", "p90", "p95", "p99")) {
                    assertThat(s.metric(metric, "latency_ms"))
                            .as("%s(latency_ms) of %d hours at %s", metric, hours, t)
                            .isEqualTo(Double.valueOf(f.metric(metric, "latency_ms"))); // NaN equals NaN
                    assertThat(s.metric(metric, "cost_usd")).isEqualTo(Double.valueOf(f.metric(metric, "cost_usd")));
                }
                steps++;
                if (f.value("latency_ms") != null) {
                    if (f.value("latency_ms").isExact()) {
                        exact++;
                    } else {
                        sketches++;
                    }
                }
            }
            assertThat(sketches)
                    .as("windows of sketches are compared, not only exact lists")
                    .isPositive();
            if (hours == 2) {
                assertThat(exact).as("and windows of exact lists").isPositive();
            }
            // O(1) amortized: a few merges per hour the window moves, whatever its length (a fresh merge
            // of 168 hours each hour would be 168).
            long hoursMoved = 30 * 24 + 3L * hours;
            assertThat(sliding.merges)
                    .as("merges for %d hours", hours)
                    .isLessThanOrEqualTo(6 * hoursMoved + 2L * hours);
            assertThat(steps).isEqualTo(at.size());
        }
    }

    @Test
    void percentilesWithForKeepFiringForAndResolveAnswerAsWindowsMergedAfresh() {
        Map<Instant, HourAggregate> rows = rows(history(3));
        CompiledRule rule = rule("p95(latency_ms) > 1500 and count > 50", "6h", "2h", "3h", "p95(latency_ms) < 1000");
        Instant from = hour(0);
        Instant to = hour(30 * 24);
        Duration step = Duration.ofMinutes(30);
        // Only the values the rule reads are kept of each row, as the preview reads them.
        Map<Instant, HourAggregate> kept = new HashMap<>();
        rows.forEach((h, row) -> kept.put(h, row.withValuesOnly(Set.of("latency_ms"))));

        StreamPreview sliding = Replay.ofHours(rule, STREAM, kept, from, to, step);
        StreamPreview afresh =
                Replay.of(rule, STREAM, now -> offset -> fresh(rows, 6, now.minus(offset)), from, to, step);

        assertThat(afresh.alerts()).as("the rule fires in this data").isNotEmpty();
        assertThat(sliding).isEqualTo(afresh);
    }

    @Test
    void anOffsetOfADayOnADayWindowComparesWithTheDayBefore() {
        Map<Integer, Hour> history = history(5);
        CompiledRule rule = rule("sum(cost_usd) > 2 * sum(cost_usd) offset 1d", "24h", null, null, null);
        assertThat(rule.offsets()).containsExactly(Duration.ZERO, Duration.ofDays(1));
        Instant from = hour(0).plus(Duration.ofMinutes(3));
        Instant to = hour(30 * 24);
        Duration step = Duration.ofMinutes(45);

        StreamPreview p = Replay.ofHours(rule, STREAM, rows(history), from, to, step);

        Function<Instant, Double> now = t -> costOver(history, 24, t);
        Function<Instant, Double> dayBefore = t -> costOver(history, 24, t.minus(Duration.ofDays(1)));
        List<PreviewAlert> expected =
                expected(instants(from, to, step), t -> now.apply(t) > 2 * dayBefore.apply(t), now::apply);
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
        assertThat(p.alerts()).isEqualTo(expected);
    }

    @Test
    void anHourWindowRuleReadingOnlyAnEarlierWindowReadsOnlyIt() {
        Map<Integer, Hour> history = history(5);
        CompiledRule rule = rule("sum(cost_usd) offset 2d > 150", "24h", null, null, null);
        assertThat(rule.offsets()).containsExactly(Duration.ofDays(2));
        Instant from = hour(0);
        Instant to = hour(10 * 24);
        Duration step = HOUR;

        StreamPreview p = Replay.ofHours(rule, STREAM, rows(history), from, to, step);

        ToDoubleFunction<Instant> twoDaysBefore = t -> costOver(history, 24, t.minus(Duration.ofDays(2)));
        List<PreviewAlert> expected =
                expected(instants(from, to, step), t -> twoDaysBefore.applyAsDouble(t) > 150, twoDaysBefore);
        assertThat(expected).isNotEmpty();
        assertThat(p.alerts()).isEqualTo(expected);
    }
}

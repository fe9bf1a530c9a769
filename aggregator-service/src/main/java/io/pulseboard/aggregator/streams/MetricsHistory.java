package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.model.HourlyMetrics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns stored hours and minutes into history rows. Rows of 5 and 15 minutes, daily rows and range
 * totals merge the sketches of their periods, so a day's or a week's p95 is a true p95 within the
 * sketch's 1 % bound, not an average of hourly percentiles.
 */
final class MetricsHistory {

    private MetricsHistory() {}

    /** The wire form of a stored hour, as it was when stored. */
    static HourlyMetrics metrics(HourEntity row) {
        return row.toAggregate().toMetrics(row.updatedAt);
    }

    /**
     * One row per step that has data, in order. {@code rows} are one stream's periods (hours, or
     * minutes for minute steps), by start. Merged rows are stamped with the newest {@code
     * updated_at} of their periods; a minute row is a merge of one, so its rate is over the time
     * elapsed at {@code now}.
     */
    static List<HourlyMetrics> rows(List<Period> rows, Step step, Instant now) {
        List<HourlyMetrics> out = new ArrayList<>();
        if (step == Step.HOUR) {
            rows.forEach(r -> out.add(r.toAggregate().toMetrics(r.updatedAt())));
            return out;
        }
        Merge day = null;
        for (Period row : rows) {
            Instant start = step.floor(row.start());
            if (day == null || !day.start.equals(start)) {
                if (day != null) {
                    out.add(day.metrics(now));
                }
                day = new Merge(row.stream(), start, step.length());
            }
            day.add(row);
        }
        if (day != null) {
            out.add(day.metrics(now));
        }
        return out;
    }

    /** All of one stream's {@code rows} merged over the range, or null without rows. */
    static HourlyMetrics total(List<Period> rows, MetricsRange range, Instant now) {
        if (rows.isEmpty()) {
            return null;
        }
        Merge all = new Merge(rows.get(0).stream(), range.from(), Duration.between(range.from(), range.to()));
        rows.forEach(all::add);
        return all.metrics(now);
    }

    /** A roll-up of hours into one span. */
    private static final class Merge {
        final Instant start;
        final HourAggregate total;
        Instant updatedAt = Instant.EPOCH;

        Merge(String stream, Instant start, Duration span) {
            this.start = start;
            this.total = HourAggregate.rollup(stream, start, span);
        }

        void add(Period row) {
            total.merge(row.toAggregate());
            if (row.updatedAt().isAfter(updatedAt)) {
                updatedAt = row.updatedAt();
            }
        }

        /**
         * A span still running at {@code now} is not final (even if all its hours so far are), and
         * its rate is over the time elapsed, as for an open hour.
         */
        HourlyMetrics metrics(Instant now) {
            HourlyMetrics m = total.toMetrics(now);
            Instant end = start.plus(total.span());
            boolean running = now.isBefore(end);
            double seconds = running
                    ? Math.max(1.0, Duration.between(start, now).toMillis() / 1000.0)
                    : total.span().getSeconds();
            return new HourlyMetrics(
                    m.stream(),
                    m.hour(),
                    m.count(),
                    m.errors(),
                    m.errorRate(),
                    m.errorsByType(),
                    m.count() / seconds,
                    m.values(),
                    m.firstEvent(),
                    m.lastEvent(),
                    m.lateEvents(),
                    m.revision(),
                    m.isFinal() && !running,
                    updatedAt);
        }
    }
}

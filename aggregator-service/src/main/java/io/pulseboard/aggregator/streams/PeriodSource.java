package io.pulseboard.aggregator.streams;

import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.MinuteStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The stored periods a range's step is made of: minutes for minute steps, hours otherwise. Needs a session. */
@ApplicationScoped
class PeriodSource {

    private final HourStore hours;
    private final MinuteStore minutes;

    PeriodSource(HourStore hours, MinuteStore minutes) {
        this.hours = hours;
        this.minutes = minutes;
    }

    /** The periods of {@code streams} in the range, by stream then start. */
    Uni<List<Period>> range(Collection<String> streams, MetricsRange range) {
        if (range.step().fromMinutes()) {
            return minutes.range(streams, range.from(), range.to())
                    .map(rows -> rows.stream().map(Period::of).toList());
        }
        return hours.range(streams, range.from(), range.to())
                .map(rows -> rows.stream().map(Period::of).toList());
    }

    /** How many periods {@link #range} would return. */
    Uni<Long> count(Collection<String> streams, MetricsRange range) {
        return range.step().fromMinutes()
                ? minutes.countRange(streams, range.from(), range.to())
                : hours.countRange(streams, range.from(), range.to());
    }
}

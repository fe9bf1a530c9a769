package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.aggregator.store.MinuteStore;
import io.pulseboard.aggregator.support.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The stored hours and minutes that {@link EarlierWindows} reads, from PostgreSQL: blocks, so call it from a thread of its own. */
@ApplicationScoped
class StoredRows implements EarlierWindows.Rows {

    private final HourStore hours;
    private final MinuteStore minutes;

    StoredRows(HourStore hours, MinuteStore minutes) {
        this.hours = hours;
        this.minutes = minutes;
    }

    @Override
    public List<HourAggregate> hours(Collection<String> streams, Instant from, Instant to) {
        List<HourEntity> rows =
                VertxContexts.await(() -> Panache.withSession(() -> hours.range(List.copyOf(streams), from, to)));
        return rows.stream().map(HourEntity::toAggregate).toList();
    }

    @Override
    public List<HourAggregate> minutes(Collection<String> streams, Instant from, Instant to) {
        List<MinuteEntity> rows =
                VertxContexts.await(() -> Panache.withSession(() -> minutes.range(List.copyOf(streams), from, to)));
        return rows.stream().map(MinuteEntity::toAggregate).toList();
    }
}

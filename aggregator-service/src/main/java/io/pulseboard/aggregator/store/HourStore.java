package io.pulseboard.aggregator.store;

import io.pulseboard.aggregator.metrics.HourAggregate;
import io.pulseboard.aggregator.metrics.HourKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The hours table. Every method needs a Hibernate Reactive session ({@code Panache.withSession/withTransaction}). */
@ApplicationScoped
public class HourStore {

    /** The stored hour, or null if it never had a row. */
    public Uni<HourAggregate> find(HourKey key) {
        return HourEntity.<HourEntity>findById(new HourEntity.Key(key.stream(), key.hour()))
                .map(e -> e == null ? null : e.toAggregate());
    }

    /** Inserts or replaces each row (each holds the whole state of its hour). */
    public Uni<Void> save(List<HourEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> Multi.createFrom().iterable(rows)
                .onItem().transformToUniAndConcatenate(session::merge)
                .collect().last()
                .replaceWithVoid());
    }
}

package io.pulseboard.aggregator.store;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The hours table. Every method needs a Hibernate Reactive session ({@code Panache.withSession/withTransaction}). */
@ApplicationScoped
public class HourStore implements Prunable {

    private final RetentionConfig retention;

    public HourStore(RetentionConfig retention) {
        this.retention = retention;
    }

    @Override
    public String rows() {
        return "hours";
    }

    @Override
    public Duration keep() {
        return retention.hours();
    }

    /** The stored hour, or null if it never had a row. */
    public Uni<HourAggregate> find(HourKey key) {
        return HourEntity.<HourEntity>findById(new HourEntity.Key(key.stream(), key.hour()))
                .map(e -> e == null ? null : e.toAggregate());
    }

    /** Inserts or replaces each row (each holds the whole state of its hour). */
    private static final BatchUpsert<HourEntity> UPSERT = new BatchUpsert<>(
            "pulse_hour",
            List.of(
                    "stream",
                    "hour",
                    "count",
                    "errors",
                    "error_rate",
                    "late_events",
                    "first_event",
                    "last_event",
                    "revision",
                    "\"final\"",
                    "aggregate",
                    "updated_at"),
            List.of("stream", "hour"),
            Set.of("first_event", "last_event"),
            r -> new Object[] {
                r.stream,
                r.hour,
                r.count,
                r.errors,
                r.errorRate,
                r.lateEvents,
                r.firstEvent,
                r.lastEvent,
                r.revision,
                r.isFinal,
                r.aggregate,
                r.updatedAt
            });

    public Uni<Void> save(List<HourEntity> rows) {
        return UPSERT.save(rows);
    }

    /** The newest hour of every stream, by stream name. */
    public Uni<List<HourEntity>> newestPerStream() {
        return HourEntity.list("from HourEntity h where h.hour = "
                + "(select max(n.hour) from HourEntity n where n.stream = h.stream) order by h.stream");
    }

    /** Every stream that has a stored hour, by name. */
    public Uni<List<String>> streams() {
        return HourEntity.find("select distinct stream from HourEntity order by stream")
                .project(String.class)
                .list();
    }

    /** The streams with a stored hour that starts in [from, to), by name. */
    public Uni<List<String>> streams(Instant from, Instant to) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select distinct stream from HourEntity where hour >= ?1 and hour < ?2 order by stream",
                                String.class)
                        .setParameter(1, from)
                        .setParameter(2, to)
                        .getResultList());
    }

    public Uni<Boolean> exists(String stream) {
        return HourEntity.count("stream", stream).map(n -> n > 0);
    }

    /** The hours of {@code streams} that start in [from, to), by stream then hour. */
    public Uni<List<HourEntity>> range(Collection<String> streams, Instant from, Instant to) {
        return HourEntity.list(
                "stream in ?1 and hour >= ?2 and hour < ?3", Sort.by("stream").and("hour"), streams, from, to);
    }

    /** How many rows {@link #range} would return. */
    public Uni<Long> countRange(Collection<String> streams, Instant from, Instant to) {
        return HourEntity.count("stream in ?1 and hour >= ?2 and hour < ?3", streams, from, to);
    }

    /** Deletes at most {@code limit} of the hours that start before {@code before}, oldest first; how many. */
    @Override
    public Uni<Integer> prune(Instant before, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "delete from pulse_hour where ctid in (select ctid from pulse_hour where hour < ?1"
                                        + " order by hour limit ?2)")
                        .setParameter(1, before)
                        .setParameter(2, limit)
                        .executeUpdate());
    }
}

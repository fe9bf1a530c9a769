package io.pulseboard.aggregator.store;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The minutes table. Every method needs a Hibernate Reactive session ({@code Panache.withSession/withTransaction}). */
@ApplicationScoped
public class MinuteStore implements Prunable {

    private static final BatchUpsert<MinuteEntity> UPSERT = new BatchUpsert<>(
            "pulse_minute",
            List.of("stream", "minute", "count", "errors", "revision", "aggregate", "updated_at"),
            List.of("stream", "minute"),
            Set.of(),
            r -> new Object[] {r.stream, r.minute, r.count, r.errors, r.revision, r.aggregate, r.updatedAt});

    private final RetentionConfig retention;

    public MinuteStore(RetentionConfig retention) {
        this.retention = retention;
    }

    @Override
    public String rows() {
        return "minutes";
    }

    @Override
    public java.time.Duration keep() {
        return retention.minutes();
    }

    /** Inserts or replaces each row (each holds the whole state of its minute). */
    public Uni<Void> save(List<MinuteEntity> rows) {
        return UPSERT.save(rows);
    }

    /** The stored minutes of one hour of {@code stream}, by minute. */
    public Uni<List<MinuteEntity>> ofHour(String stream, Instant hour) {
        return MinuteEntity.list(
                "stream = ?1 and minute >= ?2 and minute < ?3",
                Sort.by("minute"),
                stream,
                hour,
                hour.plus(1, ChronoUnit.HOURS));
    }

    /** The minutes of {@code streams} that start in [from, to), by stream then minute. */
    public Uni<List<MinuteEntity>> range(Collection<String> streams, Instant from, Instant to) {
        return MinuteEntity.list(
                "stream in ?1 and minute >= ?2 and minute < ?3",
                Sort.by("stream").and("minute"),
                streams,
                from,
                to);
    }

    /** The streams with a stored minute that starts in [from, to), by name. */
    public Uni<List<String>> streams(Instant from, Instant to) {
        return Panache.getSession()
                .chain(session -> session.createSelectionQuery(
                                "select distinct stream from MinuteEntity where minute >= ?1 and minute < ?2"
                                        + " order by stream",
                                String.class)
                        .setParameter(1, from)
                        .setParameter(2, to)
                        .getResultList());
    }

    /** How many rows {@link #range} would return. */
    public Uni<Long> countRange(Collection<String> streams, Instant from, Instant to) {
        return MinuteEntity.count("stream in ?1 and minute >= ?2 and minute < ?3", streams, from, to);
    }

    /** Deletes at most {@code limit} of the minutes that start before {@code before}, oldest first; how many. */
    @Override
    public Uni<Integer> prune(Instant before, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "delete from pulse_minute where ctid in (select ctid from pulse_minute where minute < ?1"
                                        + " order by minute limit ?2)")
                        .setParameter(1, before)
                        .setParameter(2, limit)
                        .executeUpdate());
    }
}

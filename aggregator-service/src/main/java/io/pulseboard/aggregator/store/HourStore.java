package io.pulseboard.aggregator.store;

import io.pulseboard.aggregator.metrics.HourAggregate;
import io.pulseboard.aggregator.metrics.HourKey;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** The hours table. Every method needs a Hibernate Reactive session ({@code Panache.withSession/withTransaction}). */
@ApplicationScoped
public class HourStore {

    /** The stored hour, or null if it never had a row. */
    public Uni<HourAggregate> find(HourKey key) {
        return HourEntity.<HourEntity>findById(new HourEntity.Key(key.stream(), key.hour()))
                .map(e -> e == null ? null : e.toAggregate());
    }

    /** Rows per upsert statement: 12 parameters each, well below PostgreSQL's 65,535. */
    private static final int ROWS_PER_STATEMENT = 500;

    /**
     * Inserts or replaces each row (each holds the whole state of its hour). A multi-row upsert
     * rather than a merge per row, which would read every row before writing it.
     */
    public Uni<Void> save(List<HourEntity> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<List<HourEntity>> chunks = new ArrayList<>();
        for (int i = 0; i < rows.size(); i += ROWS_PER_STATEMENT) {
            chunks.add(rows.subList(i, Math.min(rows.size(), i + ROWS_PER_STATEMENT)));
        }
        return Panache.getSession().chain(session -> Multi.createFrom().iterable(chunks)
                .onItem().transformToUniAndConcatenate(chunk -> upsert(session, chunk))
                .collect().last()
                .replaceWithVoid());
    }

    private static Uni<Integer> upsert(Mutiny.Session session, List<HourEntity> rows) {
        StringBuilder sql = new StringBuilder("insert into pulse_hour (stream, hour, count, errors, error_rate, late_events,"
                + " first_event, last_event, revision, \"final\", aggregate, updated_at) values ");
        for (int i = 0; i < rows.size(); i++) {
            int p = i * 12;
            sql.append(i == 0 ? "" : ", ").append('(');
            for (int c = 1; c <= 12; c++) {
                // The event times may be null, which carries no type: cast them.
                boolean time = c == 7 || c == 8;
                sql.append(c == 1 ? "" : ", ").append(time ? "cast(?" : "?").append(p + c).append(time ? " as timestamptz)" : "");
            }
            sql.append(')');
        }
        sql.append(" on conflict (stream, hour) do update set count = excluded.count, errors = excluded.errors,"
                + " error_rate = excluded.error_rate, late_events = excluded.late_events, first_event = excluded.first_event,"
                + " last_event = excluded.last_event, revision = excluded.revision, \"final\" = excluded.\"final\","
                + " aggregate = excluded.aggregate, updated_at = excluded.updated_at");
        var query = session.createNativeQuery(sql.toString());
        for (int i = 0; i < rows.size(); i++) {
            HourEntity r = rows.get(i);
            int p = i * 12;
            query.setParameter(p + 1, r.stream)
                    .setParameter(p + 2, r.hour)
                    .setParameter(p + 3, r.count)
                    .setParameter(p + 4, r.errors)
                    .setParameter(p + 5, r.errorRate)
                    .setParameter(p + 6, r.lateEvents)
                    .setParameter(p + 7, r.firstEvent)
                    .setParameter(p + 8, r.lastEvent)
                    .setParameter(p + 9, r.revision)
                    .setParameter(p + 10, r.isFinal)
                    .setParameter(p + 11, r.aggregate)
                    .setParameter(p + 12, r.updatedAt);
        }
        return query.executeUpdate();
    }

    /** The newest hour of every stream, by stream name. */
    public Uni<List<HourEntity>> newestPerStream() {
        return HourEntity.list("from HourEntity h where h.hour = "
                + "(select max(n.hour) from HourEntity n where n.stream = h.stream) order by h.stream");
    }

    /** Every stream that has a stored hour, by name. */
    public Uni<List<String>> streams() {
        return HourEntity.find("select distinct stream from HourEntity order by stream").project(String.class).list();
    }

    public Uni<Boolean> exists(String stream) {
        return HourEntity.count("stream", stream).map(n -> n > 0);
    }

    /** The hours of {@code streams} that start in [from, to), by stream then hour. */
    public Uni<List<HourEntity>> range(Collection<String> streams, Instant from, Instant to) {
        return HourEntity.list("stream in ?1 and hour >= ?2 and hour < ?3", Sort.by("stream").and("hour"), streams, from, to);
    }

    /** How many rows {@link #range} would return. */
    public Uni<Long> countRange(Collection<String> streams, Instant from, Instant to) {
        return HourEntity.count("stream in ?1 and hour >= ?2 and hour < ?3", streams, from, to);
    }
}

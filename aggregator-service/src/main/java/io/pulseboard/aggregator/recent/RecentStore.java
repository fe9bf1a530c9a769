package io.pulseboard.aggregator.recent;

import io.pulseboard.aggregator.store.BatchUpsert;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The recent events table, a row per stream and checkpoint ({@link RecentBatch}). Every method needs
 * a Hibernate Reactive session.
 */
@ApplicationScoped
public class RecentStore {

    /** Newest first by the record's timestamp, then partition and offset: the order of the pages. */
    static final Comparator<StoredEvent> NEWEST_FIRST = Comparator.comparing(StoredEvent::received)
            .thenComparingInt(StoredEvent::partition)
            .thenComparingLong(StoredEvent::offset)
            .reversed();

    private static final BatchUpsert<RecentBatch> INSERT = new BatchUpsert<>(
            "pulse_recent_batch",
            List.of("ref", "stream", "newest", "oldest", "events", "errors", "ok_events", "error_events"),
            List.of("ref"),
            Set.of(),
            b -> new Object[] {
                b.ref(), b.stream(), b.newest(), b.oldest(), b.events(), b.errors(), b.okEvents(), b.errorEvents()
            },
            BatchUpsert.Conflict.KEEP);

    /** Each batch with what its stream's newer batches hold (the window sums {@link KeptRule} needs). */
    private static final String PLACED =
            "select ref, stream, newest, oldest, events, errors, ok_events is not null as holds_ok,"
                    + " coalesce(sum(events) over newer, 0)::bigint as newer_events,"
                    + " coalesce(sum(errors) over newer, 0)::bigint as newer_errors"
                    + " from pulse_recent_batch %s"
                    + " window newer as (partition by stream order by seq desc rows between unbounded preceding and 1 preceding)";

    /** Statements hold at most this many streams. */
    private static final int STREAMS_PER_STATEMENT = 500;

    /** Batches whose events a page reads at a time. */
    private static final int BATCHES_PER_READ = 16;

    private final KeptRule rule;

    public RecentStore(RecentConfig config) {
        this.rule = new KeptRule(config.events(), config.errors());
    }

    /** Inserts batches (a batch already there, from a write before a crash, stays). */
    public Uni<Void> save(List<RecentBatch> batches) {
        return INSERT.save(batches);
    }

    /**
     * Of {@code streams}, deletes every batch none of whose events the stream still keeps, and drops the
     * ok events of the batches that keep only errors ({@link KeptRule}).
     */
    public Uni<Void> prune(Collection<String> streams) {
        List<String> all = new ArrayList<>(streams);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < all.size(); i += STREAMS_PER_STATEMENT) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + STREAMS_PER_STATEMENT));
            chain = chain.chain(() -> execute("delete from pulse_recent_batch", DROPPED, chunk))
                    .chain(() -> execute("update pulse_recent_batch set ok_events = null", OK_DROPPED, chunk));
        }
        return chain;
    }

    /** The batches {@link KeptRule#mayKeep} refuses, and those {@link KeptRule#dropsOk} picks. */
    private static final String DROPPED = "not (newer_events < ?1 or (errors > 0 and newer_errors < ?2))";

    private static final String OK_DROPPED = "newer_events >= ?1 and errors > 0 and newer_errors < ?2 and holds_ok";

    private Uni<Void> execute(String statement, String condition, List<String> streams) {
        // The batches are placed once (an array sub-query runs once) and changed by row address, so the
        // plan cannot depend on statistics that do not yet count this transaction's rows (planned for a
        // nearly empty table, "ref in (placed ...)" re-ran the window for every row).
        String sql = statement + " where ctid = any(array(select ctid from ("
                + PLACED.replace("select ref,", "select ctid, ref,")
                        .formatted("where stream in (" + placeholders(3, streams.size()) + ")")
                + ") b where " + condition + "))";
        return Panache.getSession()
                .chain(session -> {
                    var query = session.createNativeQuery(sql)
                            .setParameter(1, rule.events())
                            .setParameter(2, rule.errors());
                    for (int i = 0; i < streams.size(); i++) {
                        query.setParameter(i + 3, streams.get(i));
                    }
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }

    /**
     * Up to {@code limit} kept events, newest first: of {@code streams} (null: every stream), with
     * {@code error} (null: both), after {@code before} in that order (null: from the newest). Reads the
     * batches newest first until no unread batch can hold an event that belongs in the page.
     */
    public Uni<List<StoredEvent>> page(Collection<String> streams, Boolean error, Cursor before, int limit) {
        List<Object> params = new ArrayList<>(List.of(rule.events(), rule.errors()));
        StringBuilder where = new StringBuilder("where (newer_events < ?1 or (errors > 0 and newer_errors < ?2))");
        if (Boolean.TRUE.equals(error)) {
            where.append(" and errors > 0");
        } else if (Boolean.FALSE.equals(error)) {
            where.append(" and events > errors and newer_events < ?1");
        }
        if (before != null) {
            params.add(before.received().toEpochMilli());
            where.append(" and (extract(epoch from oldest) * 1000)::bigint <= ?")
                    .append(params.size());
        }
        String inner = "";
        if (streams != null) {
            inner = "where stream in (" + placeholders(params.size() + 1, streams.size()) + ")";
            params.addAll(streams);
        }
        String sql =
                "select ref, stream, newer_events, newer_errors, (extract(epoch from newest) * 1000)::bigint from ("
                        + PLACED.formatted(inner) + ") b " + where + " order by newest desc, ref";
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < params.size(); i++) {
                query.setParameter(i + 1, params.get(i));
            }
            return query.getResultList().chain(rows -> {
                List<Placed> placed = rows.stream().map(Placed::of).toList();
                StoredEvent at = before == null
                        ? null
                        : new StoredEvent("", before.partition(), before.offset(), before.received(), false, "");
                return read(session, placed, 0, new ArrayList<>(), error, at, limit);
            });
        });
    }

    /** Reads batches from {@code next} on until the page is settled. */
    private Uni<List<StoredEvent>> read(
            Mutiny.Session session,
            List<Placed> placed,
            int next,
            List<StoredEvent> found,
            Boolean error,
            StoredEvent before,
            int limit) {
        found.sort(NEWEST_FIRST);
        boolean settled = next >= placed.size()
                || (found.size() >= limit
                        && placed.get(next)
                                .newest()
                                .isBefore(found.get(limit - 1).received()));
        if (settled) {
            return Uni.createFrom().item(List.copyOf(found.subList(0, Math.min(limit, found.size()))));
        }
        List<Placed> chunk = placed.subList(next, Math.min(placed.size(), next + BATCHES_PER_READ));
        String sql = "select ref, ok_events, error_events from pulse_recent_batch where ref in ("
                + placeholders(1, chunk.size()) + ")";
        var query = session.createNativeQuery(sql, Object[].class);
        for (int i = 0; i < chunk.size(); i++) {
            query.setParameter(i + 1, chunk.get(i).ref());
        }
        return query.getResultList().chain(rows -> {
            Map<String, Object[]> bodies = new HashMap<>();
            for (Object[] row : rows) {
                bodies.put((String) row[0], row);
            }
            for (Placed p : chunk) {
                Object[] body = bodies.get(p.ref());
                if (body == null) {
                    continue; // pruned since the first query
                }
                List<StoredEvent> events = RecentBatch.decode(p.ref(), p.stream(), (String) body[1], (String) body[2]);
                for (StoredEvent e : rule.kept(events, p.newerEvents(), p.newerErrors())) {
                    if ((error == null || e.error() == error)
                            && (before == null || NEWEST_FIRST.compare(e, before) > 0)) {
                        found.add(e);
                    }
                }
            }
            return read(session, placed, next + chunk.size(), found, error, before, limit);
        });
    }

    /** Every stream with kept events. */
    public Uni<List<String>> streams() {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select distinct stream from pulse_recent_batch", String.class)
                        .getResultList());
    }

    private static String placeholders(int first, int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ", ").append('?').append(first + i);
        }
        return s.toString();
    }

    /** A batch's ref, stream and place among its stream's batches, and its newest event's timestamp. */
    private record Placed(String ref, String stream, long newerEvents, long newerErrors, Instant newest) {

        static Placed of(Object[] row) {
            return new Placed(
                    (String) row[0],
                    (String) row[1],
                    ((Number) row[2]).longValue(),
                    ((Number) row[3]).longValue(),
                    Instant.ofEpochMilli(((Number) row[4]).longValue()));
        }
    }
}

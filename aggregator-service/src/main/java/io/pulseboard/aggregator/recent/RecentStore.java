package io.pulseboard.aggregator.recent;

import io.pulseboard.aggregator.store.BatchUpsert;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** The recent events table. Every method needs a Hibernate Reactive session. */
@ApplicationScoped
public class RecentStore {

    private static final BatchUpsert<RecentEventEntity> INSERT = new BatchUpsert<>("pulse_recent_event",
            List.of("ref", "stream", "received", "part", "off", "error", "event"), List.of("ref"), Set.of(),
            r -> new Object[] {r.ref, r.stream, r.received, r.part, r.off, r.error, r.event},
            BatchUpsert.Conflict.KEEP);

    /** Statements of the pruning hold at most this many streams. */
    private static final int STREAMS_PER_PRUNE = 500;

    private final RecentConfig config;

    public RecentStore(RecentConfig config) {
        this.config = config;
    }

    /** Inserts rows (a row already there, from a write before a crash, stays). */
    public Uni<Void> save(List<RecentEventEntity> rows) {
        return INSERT.save(rows);
    }

    /**
     * Deletes, of {@code streams}, every event that is neither among its stream's last {@code
     * pulse.recent.events} nor an error among its last {@code pulse.recent.errors} errors.
     */
    public Uni<Void> prune(Collection<String> streams) {
        List<String> all = new ArrayList<>(streams);
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (int i = 0; i < all.size(); i += STREAMS_PER_PRUNE) {
            List<String> chunk = all.subList(i, Math.min(all.size(), i + STREAMS_PER_PRUNE));
            chain = chain.chain(() -> pruneChunk(chunk));
        }
        return chain;
    }

    private Uni<Void> pruneChunk(List<String> streams) {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < streams.size(); i++) {
            in.append(i == 0 ? "" : ", ").append('?').append(i + 3);
        }
        // The rows to delete are ranked once (an array sub-query runs once) and deleted by their row
        // address, so the plan cannot depend on statistics: the rows this transaction just inserted are
        // not in them, and "ref in (ranked ...)" planned for a nearly empty table re-ran the ranking for
        // every row (minutes, not milliseconds, the first checkpoints after a large catch-up began).
        String sql = "delete from pulse_recent_event where ctid = any(array(select ctid from ("
                + " select ctid, error,"
                + " row_number() over (partition by stream order by received desc, part desc, off desc) as n_all,"
                + " row_number() over (partition by stream, error order by received desc, part desc, off desc) as n_kind"
                + " from pulse_recent_event where stream in (" + in + ")) ranked"
                + " where n_all > ?1 and (not error or n_kind > ?2)))";
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql)
                    .setParameter(1, config.events())
                    .setParameter(2, config.errors());
            for (int i = 0; i < streams.size(); i++) {
                query.setParameter(i + 3, streams.get(i));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /**
     * A page of kept events, newest first: of {@code streams} (null: every stream), with {@code error}
     * (null: both), older than {@code before} (null: from the newest).
     */
    public Uni<List<RecentEventEntity>> page(Collection<String> streams, Boolean error, Cursor before, int limit) {
        StringBuilder where = new StringBuilder("1 = 1");
        List<Object> params = new ArrayList<>();
        if (streams != null) {
            params.add(streams);
            where.append(" and stream in ?").append(params.size());
        }
        if (error != null) {
            params.add(error);
            where.append(" and error = ?").append(params.size());
        }
        if (before != null) {
            params.add(before.received());
            int t = params.size();
            params.add(before.partition());
            int p = params.size();
            params.add(before.offset());
            int o = params.size();
            where.append(" and (received < ?").append(t).append(" or (received = ?").append(t)
                    .append(" and (part < ?").append(p).append(" or (part = ?").append(p)
                    .append(" and off < ?").append(o).append("))))");
        }
        return RecentEventEntity.<RecentEventEntity>find(where + " order by received desc, part desc, off desc",
                params.toArray()).page(0, limit).list();
    }

    /** Every stream with kept events. */
    public Uni<List<String>> streams() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("select distinct stream from pulse_recent_event", String.class).getResultList());
    }
}

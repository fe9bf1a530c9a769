package io.pulseboard.aggregator.deadletters;

import io.pulseboard.aggregator.store.BatchUpsert;
import io.pulseboard.aggregator.store.Prunable;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The dead-letter tables. Every method needs a Hibernate Reactive session. */
@ApplicationScoped
public class DeadLetterStore implements Prunable {

    private static final BatchUpsert<Map.Entry<DeadLetterTally.Key, Long>> ADD_COUNTS = new BatchUpsert<>(
            "pulse_dead_letter_count",
            List.of("minute", "stream", "reason", "count"),
            List.of("minute", "stream", "reason"),
            Set.of(),
            e -> new Object[] {
                e.getKey().minute(), e.getKey().stream(), e.getKey().reason().code(), e.getValue()
            },
            BatchUpsert.Conflict.ADD);

    private static final BatchUpsert<DeadLetterEntity> INSERT = new BatchUpsert<>(
            "pulse_dead_letter",
            List.of(
                    "source",
                    "part",
                    "off",
                    "time",
                    "stream",
                    "reason_code",
                    "reason",
                    "record_key",
                    "value",
                    "truncated"),
            List.of("source"),
            Set.of(),
            r -> new Object[] {
                r.source, r.part, r.off, r.time, r.stream, r.reasonCode, r.reason, r.recordKey, r.value, r.truncated
            },
            BatchUpsert.Conflict.KEEP);

    private final RetentionConfig retention;

    public DeadLetterStore(RetentionConfig retention) {
        this.retention = retention;
    }

    @Override
    public String rows() {
        return "dead-letter counts";
    }

    @Override
    public java.time.Duration keep() {
        return retention.deadLetters();
    }

    /** One row of a summary: dead letters of a stream ("" for none) for a reason. */
    public record Count(String stream, String reason, long count) {}

    /** Adds counts, and keeps the letters (then only the newest {@link DeadLetterTally#KEPT} of all). */
    public Uni<Void> save(Map<DeadLetterTally.Key, Long> counts, List<DeadLetter> letters) {
        if (counts.isEmpty() && letters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<DeadLetterEntity> rows = letters.stream().map(DeadLetterEntity::of).toList();
        return ADD_COUNTS
                .save(new ArrayList<>(counts.entrySet()))
                .chain(() -> INSERT.save(rows))
                .chain(() -> Panache.getSession()
                        .chain(session -> session.createNativeQuery(
                                        "delete from pulse_dead_letter where source not in (select source from pulse_dead_letter"
                                                + " order by time desc, part desc, off desc limit ?1)")
                                .setParameter(1, DeadLetterTally.KEPT)
                                .executeUpdate()))
                .replaceWithVoid();
    }

    /** Dead letters counted in minutes from {@code since} (the start of its minute), by stream and reason. */
    public Uni<List<Count>> counts(Instant since) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "select stream, reason, cast(sum(count) as bigint) from pulse_dead_letter_count"
                                        + " where minute >= ?1 group by stream, reason order by stream, reason",
                                Object[].class)
                        .setParameter(1, since)
                        .getResultList())
                .map(rows -> rows.stream()
                        .map(r -> new Count((String) r[0], (String) r[1], ((Number) r[2]).longValue()))
                        .toList());
    }

    /** The kept letters from {@code since}, newest first. */
    public Uni<List<DeadLetterEntity>> last(Instant since) {
        return DeadLetterEntity.<DeadLetterEntity>find("time >= ?1 order by time desc, part desc, off desc", since)
                .page(0, DeadLetterTally.KEPT)
                .list();
    }

    /** Deletes at most {@code limit} of the counts of minutes before {@code before}, oldest first; how many. */
    @Override
    public Uni<Integer> prune(Instant before, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "delete from pulse_dead_letter_count where ctid in (select ctid from pulse_dead_letter_count"
                                        + " where minute < ?1 order by minute limit ?2)")
                        .setParameter(1, before)
                        .setParameter(2, limit)
                        .executeUpdate());
    }
}

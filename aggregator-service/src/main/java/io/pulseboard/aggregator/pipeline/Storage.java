package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.checkpoint.CheckpointEntity;
import io.pulseboard.aggregator.checkpoint.CheckpointStore;
import io.pulseboard.aggregator.deadletters.DeadLetter;
import io.pulseboard.aggregator.deadletters.DeadLetterStore;
import io.pulseboard.aggregator.deadletters.DeadLetterTally;
import io.pulseboard.aggregator.recent.RecentBatch;
import io.pulseboard.aggregator.recent.RecentStore;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.aggregator.store.MinuteStore;
import io.pulseboard.aggregator.support.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The aggregator thread's blocking view of PostgreSQL: each call runs a Hibernate Reactive session
 * on a Vert.x context of its own and waits for it. Nothing else happens inside the transaction, so
 * no Kafka send ever completes in a Hibernate Reactive chain.
 */
@ApplicationScoped
public class Storage {

    private final HourStore hours;
    private final MinuteStore minutes;
    private final CheckpointStore checkpoints;
    private final RecentStore recent;
    private final DeadLetterStore deadLetters;

    public Storage(
            HourStore hours,
            MinuteStore minutes,
            CheckpointStore checkpoints,
            RecentStore recent,
            DeadLetterStore deadLetters) {
        this.hours = hours;
        this.minutes = minutes;
        this.checkpoints = checkpoints;
        this.recent = recent;
        this.deadLetters = deadLetters;
    }

    /**
     * Everything one checkpoint writes: hour and minute rows, recent events (a batch per stream; its
     * stream's older batches are pruned), dead-letter counts and letters, and the partitions' checkpoints.
     */
    public record Checkpoint(
            List<HourEntity> hours,
            List<MinuteEntity> minutes,
            List<RecentBatch> recent,
            Map<DeadLetterTally.Key, Long> deadLetterCounts,
            List<DeadLetter> deadLetters,
            List<CheckpointStore.Write> writes) {}

    public List<CheckpointEntity> loadCheckpoints(String groupId, String topic, Collection<Integer> partitions) {
        return VertxContexts.await(() -> Panache.withSession(() -> checkpoints.load(groupId, topic, partitions)));
    }

    /**
     * A stored closed hour for late events (see {@link HourAggregate#restoreClosed}): with its stored
     * minutes if {@code withMinutes}, else as stored (null if it has no row).
     */
    public HourAggregate loadHour(HourKey key, boolean withMinutes) {
        return VertxContexts.await(() -> Panache.withSession(() -> hours.find(key)
                .chain(stored -> !withMinutes
                        ? Uni.createFrom().item(stored)
                        : minutes.ofHour(key.stream(), key.hour())
                                .map(rows -> HourAggregate.restoreClosed(
                                        key,
                                        stored,
                                        rows.stream()
                                                .map(MinuteEntity::toAggregate)
                                                .toList())))));
    }

    /** Writes a checkpoint in one transaction: all or nothing. */
    public void commit(Checkpoint c) {
        VertxContexts.await(() -> Panache.withTransaction(() -> hours.save(c.hours())
                .chain(() -> minutes.save(c.minutes()))
                .chain(() -> recent.save(c.recent()))
                .chain(() -> recent.prune(
                        c.recent().stream().map(RecentBatch::stream).toList()))
                .chain(() -> deadLetters.save(c.deadLetterCounts(), c.deadLetters()))
                .chain(() -> checkpoints.save(c.writes()))));
    }
}

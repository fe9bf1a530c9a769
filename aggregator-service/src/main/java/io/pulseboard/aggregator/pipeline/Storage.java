package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.api.VertxContexts;
import io.pulseboard.aggregator.checkpoint.CheckpointEntity;
import io.pulseboard.aggregator.checkpoint.CheckpointStore;
import io.pulseboard.aggregator.metrics.HourAggregate;
import io.pulseboard.aggregator.metrics.HourKey;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.HourStore;
import io.pulseboard.aggregator.store.MinuteEntity;
import io.pulseboard.aggregator.store.MinuteStore;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

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

    public Storage(HourStore hours, MinuteStore minutes, CheckpointStore checkpoints) {
        this.hours = hours;
        this.minutes = minutes;
        this.checkpoints = checkpoints;
    }

    public List<CheckpointEntity> loadCheckpoints(String groupId, String topic, Collection<Integer> partitions) {
        return VertxContexts.await(() -> Panache.withSession(() -> checkpoints.load(groupId, topic, partitions)));
    }

    /**
     * A stored closed hour for late events (see {@link HourAggregate#restoreClosed}): with its stored
     * minutes if {@code withMinutes}, else as stored (null if it has no row).
     */
    public HourAggregate loadHour(HourKey key, boolean withMinutes) {
        return VertxContexts.await(() -> Panache.withSession(() -> hours.find(key).chain(stored -> !withMinutes
                ? Uni.createFrom().item(stored)
                : minutes.ofHour(key.stream(), key.hour()).map(rows -> HourAggregate.restoreClosed(key, stored,
                        rows.stream().map(MinuteEntity::toAggregate).toList())))));
    }

    /** Writes hour rows, minute rows and partition checkpoints in one transaction: all or nothing. */
    public void commit(List<HourEntity> hourRows, List<MinuteEntity> minuteRows, List<CheckpointStore.Write> writes) {
        VertxContexts.await(() -> Panache.withTransaction(() -> hours.save(hourRows)
                .chain(() -> minutes.save(minuteRows))
                .chain(() -> checkpoints.save(writes))));
    }

}

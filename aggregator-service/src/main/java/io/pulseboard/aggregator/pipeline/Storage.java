package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.api.VertxContexts;
import io.pulseboard.aggregator.checkpoint.CheckpointEntity;
import io.pulseboard.aggregator.checkpoint.CheckpointStore;
import io.pulseboard.aggregator.metrics.HourAggregate;
import io.pulseboard.aggregator.metrics.HourKey;
import io.pulseboard.aggregator.store.HourEntity;
import io.pulseboard.aggregator.store.HourStore;
import io.quarkus.hibernate.reactive.panache.Panache;
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
    private final CheckpointStore checkpoints;

    public Storage(HourStore hours, CheckpointStore checkpoints) {
        this.hours = hours;
        this.checkpoints = checkpoints;
    }

    public List<CheckpointEntity> loadCheckpoints(String groupId, String topic, Collection<Integer> partitions) {
        return VertxContexts.await(() -> Panache.withSession(() -> checkpoints.load(groupId, topic, partitions)));
    }

    /** The stored closed hour, or null. */
    public HourAggregate loadHour(HourKey key) {
        return VertxContexts.await(() -> Panache.withSession(() -> hours.find(key)));
    }

    /** Writes hour rows and partition checkpoints in one transaction: all or nothing. */
    public void commit(List<HourEntity> rows, List<CheckpointStore.Write> writes) {
        VertxContexts.await(() -> Panache.withTransaction(() -> hours.save(rows).chain(() -> checkpoints.save(writes))));
    }

}

package io.pulseboard.aggregator.checkpoint;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** The checkpoints table. Every method needs a Hibernate Reactive session. */
@ApplicationScoped
public class CheckpointStore {

    /** One partition's checkpoint to write. */
    public record Write(String groupId, String topic, int partition, long nextOffset, byte[] state) {}

    public Uni<List<CheckpointEntity>> load(String groupId, String topic, Collection<Integer> partitions) {
        return CheckpointEntity.list(
                "groupId = ?1 and topic = ?2 and partitionId in ?3", groupId, topic, List.copyOf(partitions));
    }

    /**
     * Upserts the checkpoints. A plain upsert rather than a merge: a merge would first read the
     * previous state, which can be megabytes.
     */
    public Uni<Void> save(List<Write> writes) {
        if (writes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> Multi.createFrom()
                        .iterable(writes)
                        .onItem()
                        .transformToUniAndConcatenate(w -> session.createNativeQuery("""
                                insert into pulse_checkpoint (group_id, topic, kafka_partition, next_offset, state, updated_at)
                                values (?1, ?2, ?3, ?4, ?5, now())
                                on conflict (group_id, topic, kafka_partition)
                                do update set next_offset = excluded.next_offset, state = excluded.state, updated_at = now()""")
                                .setParameter(1, w.groupId())
                                .setParameter(2, w.topic())
                                .setParameter(3, w.partition())
                                .setParameter(4, w.nextOffset())
                                .setParameter(5, w.state())
                                .executeUpdate())
                        .collect()
                        .last()
                        .replaceWithVoid());
    }
}

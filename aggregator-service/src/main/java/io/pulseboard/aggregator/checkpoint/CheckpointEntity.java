package io.pulseboard.aggregator.checkpoint;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * The checkpoint of one partition of the events topic for one consumer group: the serialized
 * {@link io.pulseboard.aggregator.aggregation.PartitionState} and the offset of the first record it
 * does not contain.
 */
@Entity
@Table(name = "pulse_checkpoint")
@IdClass(CheckpointEntity.Key.class)
public class CheckpointEntity extends PanacheEntityBase {

    @Id
    @Column(name = "group_id")
    public String groupId;

    @Id
    public String topic;

    @Id
    @Column(name = "kafka_partition")
    public int partitionId;

    @Column(name = "next_offset")
    public long nextOffset;

    public byte[] state;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The primary key: (group, topic, partition). */
    public static class Key implements Serializable {
        public String groupId;
        public String topic;
        public int partitionId;

        public Key() {}

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k
                    && partitionId == k.partitionId
                    && Objects.equals(groupId, k.groupId)
                    && Objects.equals(topic, k.topic);
        }

        @Override
        public int hashCode() {
            return Objects.hash(groupId, topic, partitionId);
        }
    }
}

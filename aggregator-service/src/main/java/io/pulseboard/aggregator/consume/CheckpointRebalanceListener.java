package io.pulseboard.aggregator.consume;

import io.pulseboard.aggregator.pipeline.Aggregator;
import io.pulseboard.aggregator.support.Backoff;
import io.pulseboard.aggregator.support.Retries;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Restores a partition's checkpoint when it is assigned and seeks to its offset (or to the
 * beginning without one); checkpoints a partition before it is revoked. Runs on the consumer's
 * polling thread, which may block here.
 */
@ApplicationScoped
@Identifier(CheckpointRebalanceListener.NAME)
public class CheckpointRebalanceListener implements KafkaConsumerRebalanceListener {

    public static final String NAME = "pulse-checkpoints";
    private static final Logger LOG = Logger.getLogger(CheckpointRebalanceListener.class);
    private static final Backoff RESTORE_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));

    private final Aggregator aggregator;

    public CheckpointRebalanceListener(Aggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        String topic = partitions.iterator().next().topic();
        List<Integer> ids = partitions.stream().map(TopicPartition::partition).toList();
        // Without its checkpoint a partition cannot be counted correctly: wait for PostgreSQL (unless
        // shutting down: then nothing is counted any more, and the next owner restores it).
        Map<Integer, Long> offsets = Retries.untilDone(
                        () -> aggregator.assign(topic, ids),
                        RESTORE_BACKOFF,
                        aggregator::stopping,
                        (attempt, e) -> LOG.warnf(
                                "could not restore the checkpoints of %s (attempt %d), retrying: %s",
                                partitions, attempt, e.toString()))
                .orElse(null);
        if (offsets == null) {
            LOG.debugf("shutting down: %s not taken on", partitions);
            return;
        }
        for (TopicPartition tp : partitions) {
            long offset = offsets.getOrDefault(tp.partition(), -1L);
            if (offset >= 0) {
                consumer.seek(tp, offset);
            } else {
                consumer.seekToBeginning(List.of(tp));
            }
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            runQuietly(
                    () -> aggregator.revoke(
                            partitions.stream().map(TopicPartition::partition).toList()),
                    partitions);
        }
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (!partitions.isEmpty()) {
            runQuietly(
                    () -> aggregator.lose(
                            partitions.stream().map(TopicPartition::partition).toList()),
                    partitions);
        }
    }

    private static void runQuietly(Runnable work, Collection<TopicPartition> partitions) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // Nothing is lost: the next owner resumes from the last checkpoint.
            LOG.warnf("giving up %s without a final checkpoint: %s", partitions, e.toString());
        }
    }
}

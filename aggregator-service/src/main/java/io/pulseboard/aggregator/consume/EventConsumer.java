package io.pulseboard.aggregator.consume;

import io.pulseboard.aggregator.pipeline.Aggregator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Reads {@code pulse.events} as the consumer group, in batches of raw records (key and value as
 * bytes: an invalid record goes to the DLQ exactly as it came). Offsets are never committed to
 * Kafka: they live in the checkpoints (see {@link CheckpointRebalanceListener}).
 */
@ApplicationScoped
public class EventConsumer {

    private final Aggregator aggregator;

    public EventConsumer(Aggregator aggregator) {
        this.aggregator = aggregator;
    }

    @Incoming("events")
    public CompletionStage<Void> consume(ConsumerRecords<byte[], byte[]> records) {
        return aggregator.process(records);
    }
}

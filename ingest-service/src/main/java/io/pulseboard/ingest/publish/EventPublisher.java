package io.pulseboard.ingest.publish;

import io.pulseboard.model.Event;
import io.pulseboard.model.json.PulseJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes validated events to {@code pulse.events}, keyed by stream so a stream stays on one partition. */
@ApplicationScoped
public class EventPublisher {

    private final MutinyEmitter<byte[]> events;

    public EventPublisher(
            @Channel("events") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096)
                    MutinyEmitter<byte[]> events) {
        this.events = events;
    }

    /** Completes when Kafka has acknowledged the event (acks=all), or fails with the reason. */
    public CompletableFuture<Void> publish(Event event) {
        try {
            return events.sendMessage(KafkaRecord.of(event.stream(), PulseJson.toBytes(event)))
                    .subscribeAsCompletionStage();
        } catch (RuntimeException e) { // a full buffer or a failed channel refuses the send at once
            return CompletableFuture.failedFuture(e);
        }
    }
}

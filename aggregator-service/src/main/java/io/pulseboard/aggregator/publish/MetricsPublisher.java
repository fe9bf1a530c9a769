package io.pulseboard.aggregator.publish;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/** Publishes the whole state of a (stream, hour) to {@code pulse.metrics}, keyed by stream. */
@ApplicationScoped
public class MetricsPublisher {

    private final MutinyEmitter<byte[]> metrics;

    public MetricsPublisher(@Channel("metrics") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> metrics) {
        this.metrics = metrics;
    }

    /** Completes when Kafka has acknowledged the message, or fails with the reason. */
    public CompletableFuture<Void> publish(HourlyMetrics m) {
        try {
            return metrics.sendMessage(KafkaRecord.of(m.stream(), PulseJson.toBytes(m))).subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

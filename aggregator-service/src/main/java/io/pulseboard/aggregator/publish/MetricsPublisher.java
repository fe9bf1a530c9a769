package io.pulseboard.aggregator.publish;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the whole state of a (stream, hour) to {@code pulse.metrics}, and of a (stream, minute)
 * to {@code pulse.minutes}, keyed by stream.
 */
@ApplicationScoped
public class MetricsPublisher {

    private final MutinyEmitter<byte[]> metrics;
    private final MutinyEmitter<byte[]> minutes;

    public MetricsPublisher(
            @Channel("metrics") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> metrics,
            @Channel("minutes") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<byte[]> minutes) {
        this.metrics = metrics;
        this.minutes = minutes;
    }

    /** An hour's state. Completes when Kafka has acknowledged the message, or fails with the reason. */
    public CompletableFuture<Void> publish(HourlyMetrics m) {
        return send(metrics, m);
    }

    /** A minute's state ({@code hour} = the minute's start), as {@link #publish}. */
    public CompletableFuture<Void> publishMinute(HourlyMetrics m) {
        return send(minutes, m);
    }

    private static CompletableFuture<Void> send(MutinyEmitter<byte[]> emitter, HourlyMetrics m) {
        try {
            return emitter.sendMessage(KafkaRecord.of(m.stream(), PulseJson.toBytes(m)))
                    .subscribeAsCompletionStage();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}

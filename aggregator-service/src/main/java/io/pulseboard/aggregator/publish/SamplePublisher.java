package io.pulseboard.aggregator.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.deadletters.DeadLetter;
import io.pulseboard.aggregator.deadletters.DeadLetterNotices;
import io.pulseboard.aggregator.recent.Sampler;
import io.pulseboard.model.Event;
import io.pulseboard.model.json.PulseJson;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes the live feed to {@code pulse.samples}: sampled events keyed by stream, and dead-letter
 * notices. Sent and not waited for: a message Kafka refuses, or one beyond the 10,000 waiting for
 * Kafka, is counted and lost, never the counting.
 */
@ApplicationScoped
public class SamplePublisher {

    /** A sampled event on pulse.samples (docs/design.md, The live feed). */
    record EventSample(String type, String ref, Instant received, String stream, Event event, long skipped,
                       long skippedErrors) {
    }

    /** A dead-letter notice on pulse.samples. */
    record Notice(String type, long count, Map<String, Long> byReason, LastLetter last) {
    }

    record LastLetter(Instant time, String stream, String reasonCode, String reason, String source) {
    }

    private final MutinyEmitter<byte[]> samples;
    private final Counter failed;

    public SamplePublisher(@Channel("samples") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
                           MutinyEmitter<byte[]> samples,
                           MeterRegistry registry) {
        this.samples = samples;
        this.failed = Counter.builder("pulse.aggregator.samples.failed")
                .description("Messages of the live feed (pulse.samples) that Kafka did not take").register(registry);
    }

    public void publish(Sampler.Sample s) {
        var e = s.event();
        send(e.stream(), new EventSample("event", e.ref(), e.received(), e.stream(), e.event(), s.skipped(), s.skippedErrors()));
    }

    public void publish(DeadLetterNotices.Notice n) {
        DeadLetter l = n.last();
        send(null, new Notice("dead_letters", n.count(), n.byReason(),
                new LastLetter(l.time(), l.stream(), l.reasonCode().code(), l.reason(), l.source())));
    }

    private void send(String key, Object value) {
        try {
            Message<byte[]> m = KafkaRecord.of(key, PulseJson.toBytes(value))
                    .withNack(e -> {
                        failed.increment();
                        return java.util.concurrent.CompletableFuture.completedFuture(null);
                    });
            samples.sendMessageAndForget(m);
        } catch (RuntimeException e) {
            failed.increment();
        }
    }
}

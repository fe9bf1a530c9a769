package io.pulseboard.aggregator.publish;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the live feed to {@code pulse.samples}: sampled events keyed by stream, and dead-letter
 * notices. Sent and not waited for: a message Kafka refuses, or one beyond the 10,000 waiting for
 * Kafka, is counted and lost, never the counting.
 */
@ApplicationScoped
public class SamplePublisher {

    /** A sampled event on pulse.samples (docs/design.md, The live feed). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EventSample(String type, String ref, Instant received, String stream, Event event, long skipped,
                       long skippedErrors) {
    }

    /** A dead-letter notice on pulse.samples. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Notice(String type, long count, Map<String, Long> byReason, LastLetter last) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LastLetter(Instant time, String stream, String reasonCode, String reason, String source) {
    }

    private final MutinyEmitter<byte[]> samples;
    private static final Logger LOG = Logger.getLogger(SamplePublisher.class);

    private final Counter failed;
    private final AtomicLong lastLogged = new AtomicLong();

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
                        failed(e);
                        return CompletableFuture.completedFuture(null);
                    });
            samples.sendMessageAndForget(m);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    /** Counts a lost message; logs the first of every minute, so that a broken feed is seen but not flooded. */
    private void failed(Throwable e) {
        failed.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if ((last == 0 || now - last > 60_000_000_000L) && lastLogged.compareAndSet(last, now)) {
            LOG.warnf("a message of the live feed (pulse.samples) was lost (counted in pulse_aggregator_samples_failed_total): %s",
                    e.toString());
        }
    }
}

package io.pulseboard.aggregator.publish;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.deadletters.DeadLetter;
import io.pulseboard.aggregator.deadletters.DeadLetterNotices;
import io.pulseboard.aggregator.kafka.KafkaClientSettings;
import io.pulseboard.aggregator.recent.Sampler;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.model.Event;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes the live feed to {@code pulse.samples}: sampled events keyed by stream, and dead-letter
 * notices. The aggregator's thread only hands a batch's samples over: a thread of its own serializes
 * and sends them with a plain producer (built from the connector's {@code kafka.*} settings), and nothing
 * waits for Kafka. A message Kafka refuses, or one beyond the {@value #WAITING} waiting to be sent,
 * is counted and lost, never the counting.
 */
@ApplicationScoped
public class SamplePublisher {

    /** Messages handed over and not yet sent; more are dropped (and counted). */
    static final int WAITING = 10_000;

    /** A sampled event on pulse.samples (docs/design.md, The live feed). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EventSample(
            String type, String ref, Instant received, String stream, Event event, long skipped, long skippedErrors) {}

    /** A dead-letter notice on pulse.samples. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Notice(String type, long count, Map<String, Long> byReason, LastLetter last) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LastLetter(Instant time, String stream, String reasonCode, String reason, String source) {}

    private static final Logger LOG = Logger.getLogger(SamplePublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ExecutorService sender;
    /** Messages handed over and not yet given to the producer. */
    private final AtomicInteger waiting = new AtomicInteger();

    private final Counter failed;
    private final AtomicLong lastLogged = new AtomicLong();

    public SamplePublisher(KafkaClientSettings kafka, MeterRegistry registry) {
        Properties p = kafka.producer();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-samples-publisher");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.failed = Counter.builder("pulse.aggregator.samples.failed")
                .description("Messages of the live feed (pulse.samples) that Kafka did not take")
                .register(registry);
        // One thread, so the feed keeps the aggregator's order.
        this.sender = Executors.newSingleThreadExecutor(DaemonThreads.named("pulse-samples"));
    }

    /** The samples of one batch of records: handed over at once, so the sender wakes once a batch. */
    public void publish(List<Sampler.Sample> chosen) {
        List<Outgoing> messages = new ArrayList<>(chosen.size());
        for (Sampler.Sample s : chosen) {
            var e = s.event();
            messages.add(new Outgoing(
                    e.stream(),
                    new EventSample(
                            "event", e.ref(), e.received(), e.stream(), e.event(), s.skipped(), s.skippedErrors())));
        }
        send(messages);
    }

    public void publish(DeadLetterNotices.Notice n) {
        DeadLetter l = n.last();
        send(List.of(new Outgoing(
                null,
                new Notice(
                        "dead_letters",
                        n.count(),
                        n.byReason(),
                        new LastLetter(l.time(), l.stream(), l.reasonCode().code(), l.reason(), l.source())))));
    }

    private record Outgoing(String key, Object value) {}

    private void send(List<Outgoing> messages) {
        if (waiting.addAndGet(messages.size()) > WAITING) {
            waiting.addAndGet(-messages.size());
            messages.forEach(m ->
                    failed(new IllegalStateException(WAITING + " messages of the live feed were waiting to be sent")));
            return;
        }
        try {
            sender.execute(() -> {
                for (Outgoing m : messages) {
                    waiting.decrementAndGet();
                    try {
                        producer.send(
                                new ProducerRecord<>(Topics.SAMPLES, m.key(), PulseJson.toBytes(m.value())),
                                (meta, error) -> {
                                    if (error != null) {
                                        failed(error);
                                    }
                                });
                    } catch (RuntimeException e) {
                        failed(e);
                    }
                }
            });
        } catch (RejectedExecutionException e) { // shutting down
            waiting.addAndGet(-messages.size());
            messages.forEach(m -> failed(e));
        }
    }

    /** Counts a lost message; logs the first of every minute, so that a broken feed is seen but not flooded. */
    private void failed(Throwable e) {
        failed.increment();
        long now = System.nanoTime();
        long last = lastLogged.get();
        if ((last == 0 || now - last > 60_000_000_000L) && lastLogged.compareAndSet(last, now)) {
            LOG.warnf(
                    "a message of the live feed (pulse.samples) was lost (counted in pulse_aggregator_samples_failed_total): %s",
                    e.toString());
        }
    }

    /** Sends what is waiting, for at most a few seconds: the feed is live, not a record. */
    @PreDestroy
    void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(3));
    }
}

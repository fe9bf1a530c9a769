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

    /**
     * The samples of one batch of records, handed over at once: the sender wakes once a batch, and
     * builds and serializes the messages itself, off the counting thread.
     */
    public void publish(List<Sampler.Sample> chosen) {
        handOver(chosen.size(), () -> {
            for (Sampler.Sample s : chosen) {
                var e = s.event();
                send(
                        e.stream(),
                        new EventSample(
                                "event", e.ref(), e.received(), e.stream(), e.event(), s.skipped(), s.skippedErrors()));
            }
        });
    }

    public void publish(DeadLetterNotices.Notice n) {
        handOver(1, () -> {
            DeadLetter l = n.last();
            send(
                    null,
                    new Notice(
                            "dead_letters",
                            n.count(),
                            n.byReason(),
                            new LastLetter(l.time(), l.stream(), l.reasonCode().code(), l.reason(), l.source())));
        });
    }

    /** Gives the sender {@code sending}, which sends {@code messages} messages, unless too many wait. */
    private void handOver(int messages, Runnable sending) {
        if (waiting.addAndGet(messages) > WAITING) {
            waiting.addAndGet(-messages);
            lost(messages, WAITING + " messages of the live feed were waiting to be sent");
            return;
        }
        try {
            sender.execute(() -> {
                try {
                    sending.run();
                } finally {
                    waiting.addAndGet(-messages);
                }
            });
        } catch (RejectedExecutionException e) {
            waiting.addAndGet(-messages);
            lost(messages, "the aggregator is shutting down");
        }
    }

    private void send(String key, Object value) {
        try {
            producer.send(new ProducerRecord<>(Topics.SAMPLES, key, PulseJson.toBytes(value)), (meta, error) -> {
                if (error != null) {
                    lost(1, error.toString());
                }
            });
        } catch (RuntimeException e) {
            lost(1, e.toString());
        }
    }

    /** Counts lost messages; logs the first loss of every minute, so that a broken feed is seen but not flooded. */
    private void lost(int messages, String why) {
        failed.increment(messages);
        long now = System.nanoTime();
        long last = lastLogged.get();
        if ((last == 0 || now - last > 60_000_000_000L) && lastLogged.compareAndSet(last, now)) {
            LOG.warnf(
                    "messages of the live feed (pulse.samples) were lost (counted in pulse_aggregator_samples_failed_total): %s",
                    why);
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

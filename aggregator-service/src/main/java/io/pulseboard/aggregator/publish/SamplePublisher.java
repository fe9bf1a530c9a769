package io.pulseboard.aggregator.publish;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.deadletters.DeadLetter;
import io.pulseboard.aggregator.deadletters.DeadLetterNotices;
import io.pulseboard.aggregator.kafka.KafkaClientSettings;
import io.pulseboard.aggregator.recent.Sampler;
import io.pulseboard.aggregator.recent.SamplesConfig;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * Publishes the live feed to {@code pulse.samples}: sampled events, in batches, and dead-letter notices.
 * The aggregator's thread only hands a batch's samples over. A thread of its own sends what was handed
 * over every {@code pulse.samples.send-interval}: one record per partition of pulse.events the samples
 * came from (so a stream's samples stay in order), of at most {@value #RECORD_BYTES} bytes of samples,
 * with a plain producer built from the connector's {@code kafka.*} settings. Sending a few records a
 * second instead of one per sample is what keeps the feed's cost small (docs/benchmarks.md). Nothing
 * waits for Kafka. A record Kafka refuses, or samples beyond the {@value #WAITING} waiting to be sent,
 * are counted and lost, never the counting.
 */
@ApplicationScoped
public class SamplePublisher {

    /** Samples handed over and not yet sent; more are dropped (and counted). */
    static final int WAITING = 10_000;

    /** A record's samples stop growing beyond this many bytes: far below Kafka's 1 MiB record limit. */
    static final int RECORD_BYTES = 256 * 1024;

    /** A dead-letter notice on pulse.samples. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Notice(String type, long count, Map<String, Long> byReason, LastLetter last) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LastLetter(Instant time, String stream, String reasonCode, String reason, String source) {}

    private static final Logger LOG = Logger.getLogger(SamplePublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final ScheduledExecutorService sender;
    /** Samples handed over and not yet sent, in the aggregator's order. */
    private final Queue<Sampler.Sample> pending = new ConcurrentLinkedQueue<>();
    /** How many are in {@link #pending}. */
    private final AtomicInteger waiting = new AtomicInteger();

    private final Counter failed;
    private final AtomicLong lastLogged = new AtomicLong();

    public SamplePublisher(KafkaClientSettings kafka, SamplesConfig config, MeterRegistry registry) {
        Properties p = kafka.producer();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "pulse-samples-publisher");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        this.failed = Counter.builder("pulse.aggregator.samples.failed")
                .description("Samples and notices of the live feed (pulse.samples) that were not sent")
                .register(registry);
        // One thread, so the feed keeps the aggregator's order.
        this.sender = DaemonThreads.timer("pulse-samples");
        long every = config.sendInterval().toMillis();
        sender.scheduleWithFixedDelay(this::sendPending, every, every, TimeUnit.MILLISECONDS);
    }

    /** The samples of one batch of records, handed over at once; the sender's next round sends them. */
    public void publish(List<Sampler.Sample> chosen) {
        int n = chosen.size();
        if (waiting.addAndGet(n) > WAITING) {
            waiting.addAndGet(-n);
            lost(n, WAITING + " samples of the live feed were waiting to be sent");
            return;
        }
        pending.addAll(chosen);
    }

    /** Sends what waits, in records of at most {@link #RECORD_BYTES} bytes (see {@link SampleBatches}). */
    private void sendPending() {
        // A periodic task that throws is never run again: whatever happens, the feed goes on.
        try {
            SampleBatches batches = new SampleBatches(RECORD_BYTES);
            Sampler.Sample s;
            while ((s = pending.poll()) != null) {
                waiting.decrementAndGet();
                try {
                    batches.add(s);
                } catch (RuntimeException e) {
                    lost(1, e.toString());
                }
            }
            for (SampleBatches.Batch b : batches.finish()) {
                send(b.key(), b.value());
            }
        } catch (RuntimeException e) {
            LOG.error("sending the live feed failed; it goes on at the next round", e);
        }
    }

    public void publish(DeadLetterNotices.Notice n) {
        DeadLetter l = n.last();
        Notice notice = new Notice(
                "dead_letters",
                n.count(),
                n.byReason(),
                new LastLetter(l.time(), l.stream(), l.reasonCode().code(), l.reason(), l.source()));
        try {
            sender.execute(() -> send(null, PulseJson.toBytes(notice)));
        } catch (RejectedExecutionException e) {
            lost(1, "the aggregator is shutting down");
        }
    }

    private void send(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.SAMPLES, key, value), (meta, error) -> {
                if (error != null) {
                    lost(1, error.toString());
                }
            });
        } catch (RuntimeException e) {
            lost(1, e.toString());
        }
    }

    /** Counts what was lost (samples, or records of them); logs the first loss of every minute, so that a broken feed is seen but not flooded. */
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
        sender.shutdown(); // the scheduled rounds stop
        try {
            if (sender.awaitTermination(2, TimeUnit.SECONDS)) {
                sendPending(); // the sender is done: one last round here sends what is waiting
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(3));
    }
}

package io.pulseboard.gateway.feed;

import io.pulseboard.gateway.metrics.GatewayMetrics;
import io.pulseboard.gateway.routing.Hub;
import io.pulseboard.model.Topics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every partition of pulse.samples into the {@link Hub}, on a thread of its own, from the end of the topic as
 * it was at start: the live feed is live only (the recent past is REST's), so nothing is replayed and readiness does
 * not wait for it. A reader of its own, so that a burst of samples never delays the states of {@link TopicFeed}.
 * Same Kafka settings, no group, nothing committed.
 */
@ApplicationScoped
public class SampleFeed {

    private static final Logger LOG = Logger.getLogger(SampleFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    /** Unreadable samples are each counted, but warned about once a minute: a bad producer would flood the log. */
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    private final Hub hub;
    private final GatewayMetrics metrics;
    private final Map<String, Object> kafkaConfig;
    private final FeedLoop loop = new FeedLoop("pulse-sample-feed");
    private volatile String status = "not started";
    private long lastWarning;
    private long notWarned;

    /** {@code kafkaConfig}: every {@code kafka.*} setting, as for {@link TopicFeed}. */
    SampleFeed(Hub hub, GatewayMetrics metrics, @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.hub = hub;
        this.metrics = metrics;
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent start) {
        loop.start(this::run);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        loop.stop();
    }

    /** What the reader is doing ({@code live} once it reads from where the topic ended), for the readiness data. */
    public String status() {
        return status;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = loop.open(kafkaConfig)) {
            if (!assignAtEnd(kafka)) {
                return;
            }
            while (loop.running()) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                        apply(record);
                    }
                    status = "live";
                } catch (WakeupException e) {
                    // stop() was called; the loop condition ends the thread.
                } catch (KafkaException e) {
                    status = "reading failed: " + e.getMessage();
                    LOG.warnf("reading %s failed, retrying: %s", Topics.SAMPLES, e.toString());
                    loop.pause(RETRY);
                }
            }
        } catch (WakeupException e) {
            // stopped while assigning
        } catch (RuntimeException e) {
            status = "stopped: " + e;
            LOG.error("the sample reader stopped", e);
        }
    }

    /** Waits until the topic has partitions, assigns all of them and fixes the position at their ends. */
    private boolean assignAtEnd(KafkaConsumer<byte[], byte[]> kafka) {
        while (loop.running()) {
            status = "looking up the partitions of " + Topics.SAMPLES;
            try {
                List<TopicPartition> partitions = FeedConsumer.partitionsOf(kafka, List.of(Topics.SAMPLES));
                kafka.assign(partitions);
                kafka.seekToEnd(partitions);
                // Resolved now rather than at the first poll: the feed starts here.
                partitions.forEach(kafka::position);
                status = "live";
                LOG.infof("reading %d partitions of %s from their end", partitions.size(), Topics.SAMPLES);
                return true;
            } catch (KafkaException e) {
                if (e instanceof WakeupException) {
                    throw e;
                }
                status = "waiting for Kafka: " + e.getMessage();
                LOG.debugf("partition lookup failed, retrying: %s", e);
                loop.pause(RETRY);
            }
        }
        return false;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            SampleReader.Sample sample = SampleReader.read(record.value());
            if (sample instanceof SampleReader.Events events) {
                events.samples().forEach(hub::onEvent);
                for (String why : events.rejected()) {
                    metrics.sampleRejected();
                    unreadable(record, why);
                }
            } else if (sample instanceof SampleReader.DeadLetters notice) {
                metrics.deadLettersSent(hub.onDeadLetters(notice.frame()));
            }
        } catch (RuntimeException e) {
            // A record we cannot read must not stop the others: count it, say where it is, go on.
            metrics.sampleRejected();
            unreadable(record, e.getMessage());
        }
    }

    private void unreadable(ConsumerRecord<byte[], byte[]> record, String why) {
        long now = System.nanoTime();
        if (lastWarning != 0 && now - lastWarning < WARN_EVERY_NANOS) {
            notWarned++;
            return;
        }
        LOG.warnf(
                "skipped unreadable record %s-%d@%d: %s%s",
                record.topic(),
                record.partition(),
                record.offset(),
                why,
                notWarned == 0
                        ? ""
                        : " (and " + notWarned + " more since the previous warning, "
                                + "all counted in pulse_gateway_samples_rejected_total)");
        lastWarning = now == 0 ? 1 : now;
        notWarned = 0;
    }
}

package io.pulseboard.gateway.feed;

import io.pulseboard.gateway.config.GatewayConfig;
import io.pulseboard.gateway.metrics.GatewayMetrics;
import io.pulseboard.gateway.routing.Hub;
import io.pulseboard.gateway.routing.StateFrames;
import io.pulseboard.gateway.state.MinuteWindow;
import io.pulseboard.model.Alert;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every partition of pulse.metrics, pulse.minutes and pulse.alerts into the {@link Hub}, on a thread of
 * its own. No consumer group: every instance reads everything (partitions assigned by hand, nothing committed).
 * The live feed, pulse.samples, has a reader of its own ({@link SampleFeed}): it is read from its end and
 * never holds back readiness.
 * On start it seeks by timestamp: pulse.metrics to the start of the oldest hour that may still be open,
 * pulse.minutes to {@link #MINUTES_REPLAY} ago and pulse.alerts to {@code alerts-replay} ago, so a fresh
 * instance answers subscriptions with the current state once it has caught up with the end offsets it found
 * at start ({@link #caughtUp()}).
 *
 * <p>This thread never touches a socket: the hub only queues for each connection.
 */
@ApplicationScoped
public class TopicFeed {

    private static final Logger LOG = Logger.getLogger(TopicFeed.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final List<String> TOPICS = List.of(Topics.METRICS, Topics.MINUTES, Topics.ALERTS);
    /**
     * How far back pulse.minutes is read: the minute window, and 5 minutes more because a record's timestamp
     * is the aggregator's clock, not this one.
     */
    private static final Duration MINUTES_REPLAY = MinuteWindow.SPAN.plusMinutes(5);

    private final Hub hub;
    private final GatewayMetrics metrics;
    private final GatewayConfig config;
    private final Map<String, Object> kafkaConfig;
    private final FeedLoop loop = new FeedLoop("pulse-topic-feed");
    private volatile boolean caughtUp;
    private volatile String status = "not started";

    /** {@code kafkaConfig}: every {@code kafka.*} setting (bootstrap servers, security, ...), as Quarkus gives it. */
    TopicFeed(
            Hub hub,
            GatewayMetrics metrics,
            GatewayConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.hub = hub;
        this.metrics = metrics;
        this.config = config;
        this.kafkaConfig = kafkaConfig;
    }

    void start(@Observes StartupEvent start) {
        loop.start(this::run);
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        loop.stop();
    }

    /** True once the records that were on the topics at start have been read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** What the reader is doing, for the readiness check. */
    public String status() {
        return status;
    }

    private void run() {
        try (KafkaConsumer<byte[], byte[]> kafka = loop.open(kafkaConfig)) {
            List<TopicPartition> partitions = assignAll(kafka);
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> targets = seekToStart(kafka, partitions);
            while (loop.running()) {
                try {
                    for (ConsumerRecord<byte[], byte[]> record : kafka.poll(POLL)) {
                        apply(record);
                    }
                    if (!caughtUp) {
                        checkCaughtUp(kafka, targets);
                    }
                } catch (WakeupException e) {
                    // stop() was called; the loop condition ends the thread.
                } catch (KafkaException e) {
                    status = "reading failed: " + e.getMessage();
                    LOG.warnf("reading %s failed, retrying: %s", TOPICS, e.toString());
                    loop.pause(RETRY);
                }
            }
        } catch (WakeupException e) {
            // stopped while assigning
        } catch (RuntimeException e) {
            status = "stopped: " + e;
            LOG.error("the topic reader stopped", e);
        }
    }

    /** Waits until every topic has partitions, then assigns all of them. */
    private List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> kafka) {
        while (loop.running()) {
            status = "looking up the partitions of " + String.join(", ", TOPICS);
            try {
                List<TopicPartition> partitions = FeedConsumer.partitionsOf(kafka, TOPICS);
                kafka.assign(partitions);
                return partitions;
            } catch (KafkaException e) {
                if (e instanceof WakeupException) {
                    throw e;
                }
                status = "waiting for Kafka: " + e.getMessage();
                LOG.debugf("partition lookup failed, retrying: %s", e);
                loop.pause(RETRY);
            }
        }
        return List.of();
    }

    /** Seeks every partition to its replay start; returns the end offsets to catch up with. */
    private Map<TopicPartition, Long> seekToStart(
            KafkaConsumer<byte[], byte[]> kafka, List<TopicPartition> partitions) {
        Instant now = Instant.now();
        // The oldest hour still held by the open-hour-retention rule starts here.
        Instant metricsFrom = now.minus(config.openHourRetention()).truncatedTo(ChronoUnit.HOURS);
        Instant minutesFrom = now.minus(MINUTES_REPLAY);
        Instant alertsFrom = now.minus(config.alertsReplay());
        Map<String, Instant> from =
                Map.of(Topics.METRICS, metricsFrom, Topics.MINUTES, minutesFrom, Topics.ALERTS, alertsFrom);
        status = "replaying " + Topics.METRICS + " from " + metricsFrom + ", " + Topics.MINUTES + " from " + minutesFrom
                + " and " + Topics.ALERTS + " from " + alertsFrom;
        Map<TopicPartition, Long> times = new HashMap<>();
        for (TopicPartition partition : partitions) {
            times.put(partition, from.get(partition.topic()).toEpochMilli());
        }
        Map<TopicPartition, OffsetAndTimestamp> offsets = kafka.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = kafka.endOffsets(partitions);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            // No record at or after the time: start at the end.
            kafka.seek(partition, offset == null ? ends.get(partition) : offset.offset());
        }
        LOG.infof(
                "reading %d partitions of %s from %s, %s from %s and %s from %s",
                partitions.size(), Topics.METRICS, metricsFrom, Topics.MINUTES, minutesFrom, Topics.ALERTS, alertsFrom);
        return ends;
    }

    private void checkCaughtUp(KafkaConsumer<byte[], byte[]> kafka, Map<TopicPartition, Long> targets) {
        for (Map.Entry<TopicPartition, Long> target : targets.entrySet()) {
            if (kafka.position(target.getKey()) < target.getValue()) {
                return;
            }
        }
        caughtUp = true;
        status = "live";
        LOG.infof(
                "caught up: %d open hours, %d minutes and %d active alerts",
                hub.openHourCount(), hub.minuteCount(), hub.activeAlertCount());
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            if (record.topic().equals(Topics.METRICS)) {
                HourlyMetrics metrics = PulseJson.fromJson(record.value(), HourlyMetrics.class);
                if (metrics.stream() == null || metrics.hour() == null) {
                    throw new IllegalArgumentException("no stream or hour");
                }
                hub.onMetrics(metrics, StateFrames.metrics(metrics));
            } else if (record.topic().equals(Topics.MINUTES)) {
                HourlyMetrics minute = PulseJson.fromJson(record.value(), HourlyMetrics.class);
                if (minute.stream() == null || minute.hour() == null) {
                    throw new IllegalArgumentException("no stream or hour");
                }
                if (!minute.hour().truncatedTo(ChronoUnit.MINUTES).equals(minute.hour())) {
                    throw new IllegalArgumentException("hour " + minute.hour() + " is not the start of a minute");
                }
                hub.onMinute(minute, PulseJson.toJson(minute));
            } else {
                Alert alert = PulseJson.fromJson(record.value(), Alert.class);
                if (alert.stream() == null || alert.ruleId() == null || alert.state() == null) {
                    throw new IllegalArgumentException("no stream, rule_id or state");
                }
                hub.onAlert(alert, StateFrames.alert(alert));
            }
        } catch (RuntimeException e) {
            // A record we cannot read must not stop the others: count it, say where it is, go on.
            metrics.recordRejected();
            LOG.warnf(
                    "skipped unreadable record %s-%d@%d: %s",
                    record.topic(), record.partition(), record.offset(), e.getMessage());
        }
    }
}

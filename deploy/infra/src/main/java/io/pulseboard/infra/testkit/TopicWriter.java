package io.pulseboard.infra.testkit;

import io.pulseboard.infra.PulseInfra;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Severity;
import io.pulseboard.model.Topics;
import io.pulseboard.model.ValueStats;
import io.pulseboard.model.json.PulseJson;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes HourlyMetrics and Alerts to pulse.metrics and pulse.alerts, as the aggregator does (for gateway tests). */
public final class TopicWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    public TopicWriter(String bootstrapServers) {
        this(bootstrapServers, Map.of());
    }

    /** A writer with the infrastructure's address and client settings (SASL). */
    public TopicWriter(PulseInfra infra) {
        this(infra.kafkaBootstrapServers(), infra.kafkaClientConfig());
    }

    /**
     * A writer with Kafka client settings besides the address, as the services take them under
     * {@code kafka.*} ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}).
     */
    public TopicWriter(String bootstrapServers, Map<String, String> clientConfig) {
        Properties p = new Properties();
        p.putAll(clientConfig);
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    public static Instant currentHour() {
        return Instant.now().truncatedTo(ChronoUnit.HOURS);
    }

    /** An open hour of {@code stream} in the current hour with {@code count} events at this revision. */
    public static HourlyMetrics metrics(String stream, long count, long revision) {
        return metrics(stream, currentHour(), count, revision, false, Map.of());
    }

    public static HourlyMetrics metrics(
            String stream, Instant hour, long count, long revision, boolean isFinal, Map<String, ValueStats> values) {
        Instant now = Instant.now();
        return new HourlyMetrics(
                stream, hour, count, 0, 0.0, Map.of(), count / 60.0, values, hour, now, 0, revision, isFinal, now);
    }

    public static Alert alert(String ruleId, String stream, AlertState state, long revision) {
        Instant now = Instant.now();
        return new Alert(
                ruleId + "-" + stream,
                ruleId,
                "rule " + ruleId,
                stream,
                Severity.CRITICAL,
                state,
                "p95(latency_ms) > 500",
                612.3,
                500,
                now,
                state == AlertState.PENDING ? null : now,
                state == AlertState.RESOLVED ? now : null,
                null,
                null,
                null,
                Map.of("team", "payments"),
                revision);
    }

    public void send(HourlyMetrics metrics) {
        send(Topics.METRICS, metrics.stream(), PulseJson.toJson(metrics));
    }

    public void send(Alert alert) {
        send(Topics.ALERTS, alert.ruleId() + "/" + alert.stream(), PulseJson.toJson(alert));
    }

    /** Sends a raw value and waits for the broker to take it. */
    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the record", e.getCause());
        }
    }

    /** Sends without waiting (for many records); {@link #flush()} waits for all. */
    public void sendAsync(HourlyMetrics metrics) {
        producer.send(new ProducerRecord<>(Topics.METRICS, metrics.stream(), PulseJson.toJson(metrics)));
    }

    /** Sends a raw value without waiting; {@link #flush()} waits for all. */
    public void sendAsync(String topic, String key, String value) {
        producer.send(new ProducerRecord<>(topic, key, value));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}

package io.pulseboard.gateway.ws;

import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.Topics;
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

/** Writes minute states to pulse.minutes with a plain Kafka producer, as the aggregator does (keyed by stream). */
final class MinutesWriter implements AutoCloseable {

    private final KafkaProducer<String, String> producer;

    MinutesWriter(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** The start of the minute {@code ago} minutes before the current one. */
    static Instant minutesAgo(long ago) {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(ago, ChronoUnit.MINUTES);
    }

    /** A minute state as on pulse.minutes: {@code hour} is the minute's start, no first or last event, never final. */
    static HourlyMetrics minute(String stream, Instant start, long count, long revision) {
        return new HourlyMetrics(
                stream,
                start,
                count,
                0,
                0.0,
                Map.of(),
                count / 60.0,
                Map.of(),
                null,
                null,
                0,
                revision,
                false,
                Instant.now());
    }

    /** Sends with the current time as the record's timestamp and waits for the broker to take it. */
    void send(HourlyMetrics minute) {
        send(minute, Instant.now());
    }

    /** Sends with this record timestamp (the time the gateway seeks by) and waits for the broker to take it. */
    void send(HourlyMetrics minute, Instant timestamp) {
        send(new ProducerRecord<>(
                Topics.MINUTES, null, timestamp.toEpochMilli(), minute.stream(), PulseJson.toJson(minute)));
    }

    /** Sends a raw value (for records the gateway cannot read). */
    void sendRaw(String key, String value) {
        send(new ProducerRecord<>(Topics.MINUTES, key, value));
    }

    private void send(ProducerRecord<String, String> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka did not take the record", e.getCause());
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}

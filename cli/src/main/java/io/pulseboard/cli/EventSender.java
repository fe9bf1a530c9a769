package io.pulseboard.cli;

import io.pulseboard.model.Event;
import io.pulseboard.model.json.EventWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to Kafka asynchronously, keyed by stream, and counts what Kafka acknowledged:
 * only acknowledged events are reported as sent.
 */
final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final String source;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** The same JSON as PulseJson writes, faster; one writer per serializing thread. */
    private final ThreadLocal<EventWriter> writers = ThreadLocal.withInitial(EventWriter::new);
    /** One callback for every record (the producer calls it on its I/O thread). */
    private final Callback onCompletion = (meta, error) -> {
        if (error == null) {
            acknowledged.incrementAndGet();
        } else {
            fail(error);
        }
    };

    /** An event ready for the producer: its key (the stream) and its JSON. */
    record Serialized(String key, byte[] value) {}

    private EventSender(KafkaProducer<String, byte[]> producer, String topic, String source) {
        this.producer = producer;
        this.topic = topic;
        this.source = source;
    }

    /** Checks that the brokers answer and the topic exists before anything is read or generated. */
    static EventSender connect(ProducerOptions options) throws BrokerUnreachableException {
        options.connection.requireTopic(options.topic);
        KafkaProducer<String, byte[]> producer = options.connection.create(
                config -> new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer()),
                options.producerConfig());
        return new EventSender(producer, options.topic, options.source);
    }

    /** Hands the event to the producer; blocks only while the producer's buffer is full. */
    void send(Event event) {
        Serialized record = serialize(event);
        if (record != null) {
            send(record);
        }
    }

    /**
     * The event as it goes to Kafka (this sender's source set, keyed by stream, as JSON); null, and
     * counted as failed, if it cannot be written. Safe to call from another thread than {@link #send(Serialized)}:
     * {@code pulse gen} serializes on one thread while another sends.
     */
    Serialized serialize(Event event) {
        Event withSource = source == null || event.source() != null ? event : event.withSource(source);
        try {
            return new Serialized(withSource.stream(), writers.get().write(withSource));
        } catch (RuntimeException e) {
            fail(e);
            return null;
        }
    }

    /** Hands a serialized event to the producer; blocks only while the producer's buffer is full. */
    void send(Serialized record) {
        try {
            producer.send(new ProducerRecord<>(topic, record.key(), record.value()), onCompletion);
        } catch (RuntimeException e) { // metadata or buffer wait over max.block.ms
            fail(e);
        }
    }

    private void fail(Exception error) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, error.getClass().getSimpleName() + ": " + error.getMessage());
    }

    /** Waits until every event handed over is acknowledged or failed. */
    void flush() {
        producer.flush();
    }

    long acknowledged() {
        return acknowledged.get();
    }

    long failed() {
        return failed.get();
    }

    String firstFailure() {
        return firstFailure.get();
    }

    @Override
    public void close() {
        producer.close();
    }
}

package io.pulseboard.e2e;

import io.pulseboard.infra.PulseInfra;
import io.pulseboard.model.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a known number of events over a few streams at a steady pace on a thread of its own, and
 * counts what Kafka acknowledged per (stream, hour) as {@code stream@hour}, and per (stream, minute)
 * as {@code stream@minute}: the exact counts the aggregator must end with.
 */
final class PacedProducer {

    private final PulseInfra infra;
    private final String prefix;
    private final int streams;
    private final int events;
    private final int perSecond;
    private final Map<String, Long> sent = new ConcurrentHashMap<>();
    private final Map<String, Long> sentPerMinute = new ConcurrentHashMap<>();
    /** Ids of the acknowledged records not keyed by their stream (never to be counted). */
    private final java.util.Set<String> misKeyed = ConcurrentHashMap.newKeySet();
    private int misKeyedEvery;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    PacedProducer(PulseInfra infra, String prefix, int streams, int events, int perSecond) {
        this.infra = infra;
        this.prefix = prefix;
        this.streams = streams;
        this.events = events;
        this.perSecond = perSecond;
        this.thread = new Thread(this::run, "paced-producer-" + prefix);
    }

    /**
     * Also sends, after every {@code n}th event, a copy of it (another id) not keyed by its stream:
     * keyed by another name or without a key, as a raw producer might. Not part of the counts.
     */
    PacedProducer misKeyedEvery(int n) {
        this.misKeyedEvery = n;
        return this;
    }

    /** The ids of the acknowledged mis-keyed records; after {@link #finish}. */
    java.util.Set<String> misKeyed() {
        return java.util.Set.copyOf(misKeyed);
    }

    /** The acknowledged events per {@code stream@minute}; after {@link #finish}. */
    Map<String, Long> minuteCounts() {
        return Map.copyOf(sentPerMinute);
    }

    PacedProducer start() {
        thread.start();
        return this;
    }

    /** Waits for the last acknowledgement; fails if any send failed. Returns the counts. */
    Map<String, Long> finish(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        if (thread.isAlive()) {
            throw new AssertionError("the producer did not finish within " + timeout);
        }
        if (failure.get() != null) {
            throw new AssertionError("a send failed", failure.get());
        }
        long total = sent.values().stream().mapToLong(Long::longValue).sum();
        if (total != events) {
            throw new AssertionError("acknowledged " + total + " of " + events + " events");
        }
        return Map.copyOf(sent);
    }

    private void run() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        int batch = Math.max(1, perSecond / 5);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < events; i++) {
                String stream = prefix + ".s" + (i % streams);
                Instant t = Instant.now();
                String json = "{\"stream\":\"" + stream + "\",\"time\":\"" + t + "\",\"status\":\"" + (i % 10 == 0 ? "error" : "ok")
                        + "\",\"values\":{\"latency_ms\":" + (i % 500) + "}}";
                String hour = stream + "@" + t.truncatedTo(ChronoUnit.HOURS);
                String minute = stream + "@" + t.truncatedTo(ChronoUnit.MINUTES);
                producer.send(new ProducerRecord<>(Topics.EVENTS, stream, json), (meta, error) -> {
                    if (error == null) {
                        sent.merge(hour, 1L, Long::sum);
                        sentPerMinute.merge(minute, 1L, Long::sum);
                    } else {
                        failure.compareAndSet(null, error);
                    }
                });
                if (misKeyedEvery > 0 && i % misKeyedEvery == misKeyedEvery - 1) {
                    String id = prefix + "-miskeyed-" + i;
                    String copy = json.replace("{\"stream\"", "{\"id\":\"" + id + "\",\"stream\"");
                    String key = (i / misKeyedEvery) % 2 == 0 ? null : prefix + ".other";
                    producer.send(new ProducerRecord<>(Topics.EVENTS, key, copy), (meta, error) -> {
                        if (error == null) {
                            misKeyed.add(id);
                        } else {
                            failure.compareAndSet(null, error);
                        }
                    });
                }
                if (i % batch == batch - 1) {
                    Thread.sleep(200);
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }
}

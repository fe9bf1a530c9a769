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
    /** Per stream, the ids of its acknowledged events in the order Kafka acknowledged them (its partition's order). */
    private final Map<String, java.util.List<String>> acked = new ConcurrentHashMap<>();

    private final java.util.Set<String> errorIds = ConcurrentHashMap.newKeySet();
    /** Ids of the acknowledged records not keyed by their stream (never to be counted). */
    private final java.util.Set<String> misKeyed = ConcurrentHashMap.newKeySet();

    private int misKeyedEvery;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopped;

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

    /**
     * Per stream, the ids of the events the aggregator keeps as recent (docs/design.md): its last
     * {@code events} events and besides them its last {@code errors} errors, newest first; after {@link #finish}.
     */
    Map<String, java.util.List<String>> recentIds(int events, int errors) {
        Map<String, java.util.List<String>> out = new java.util.HashMap<>();
        acked.forEach((stream, ids) -> {
            java.util.List<String> errs =
                    ids.stream().filter(errorIds::contains).toList();
            java.util.Set<String> lastErrors =
                    new java.util.HashSet<>(errs.subList(Math.max(0, errs.size() - errors), errs.size()));
            java.util.List<String> kept = new java.util.ArrayList<>();
            for (int i = ids.size() - 1; i >= 0; i--) {
                if (i >= ids.size() - events || lastErrors.contains(ids.get(i))) {
                    kept.add(ids.get(i));
                }
            }
            out.put(stream, kept);
        });
        return out;
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

    /** Stops sending before all the events are sent, for a producer that only keeps the pipeline busy. */
    void stop() throws InterruptedException {
        stopped = true;
        thread.join();
    }

    private void run() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        int batch = Math.max(1, perSecond / 5);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < events && !stopped; i++) {
                String stream = prefix + ".s" + (i % streams);
                Instant t = Instant.now();
                String eventId = prefix + "-" + i;
                boolean error = i % 10 == 0;
                String json =
                        "{\"id\":\"" + eventId + "\",\"stream\":\"" + stream + "\",\"time\":\"" + t + "\",\"status\":\""
                                + (error ? "error" : "ok") + "\",\"values\":{\"latency_ms\":" + (i % 500) + "}}";
                String hour = stream + "@" + t.truncatedTo(ChronoUnit.HOURS);
                String minute = stream + "@" + t.truncatedTo(ChronoUnit.MINUTES);
                producer.send(new ProducerRecord<>(Topics.EVENTS, stream, json), (meta, failed) -> {
                    if (failed == null) {
                        sent.merge(hour, 1L, Long::sum);
                        sentPerMinute.merge(minute, 1L, Long::sum);
                        // Callbacks of one partition come in order, on the producer's one I/O thread.
                        acked.computeIfAbsent(
                                        stream,
                                        k -> java.util.Collections.synchronizedList(new java.util.ArrayList<>()))
                                .add(eventId);
                        if (error) {
                            errorIds.add(eventId);
                        }
                    } else {
                        failure.compareAndSet(null, failed);
                    }
                });
                if (misKeyedEvery > 0 && i % misKeyedEvery == misKeyedEvery - 1) {
                    String id = prefix + "-miskeyed-" + i;
                    String copy = json.replace("\"id\":\"" + eventId + "\"", "\"id\":\"" + id + "\"");
                    String key = (i / misKeyedEvery) % 2 == 0 ? null : prefix + ".other";
                    producer.send(new ProducerRecord<>(Topics.EVENTS, key, copy), (meta, failed) -> {
                        if (failed == null) {
                            misKeyed.add(id);
                        } else {
                            failure.compareAndSet(null, failed);
                        }
                    });
                }
                if (i % batch == batch - 1) {
                    Thread.sleep(200); // pacing: a fifth of a second's events, then a fifth of a second's pause
                }
            }
            producer.flush();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        }
    }
}

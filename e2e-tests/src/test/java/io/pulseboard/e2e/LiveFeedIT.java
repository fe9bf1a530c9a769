package io.pulseboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.testkit.WsClient;
import io.pulseboard.model.Topics;
import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live feed end to end, built aggregator and gateway as processes: 50,000 events a second into
 * one stream for 6 seconds, one in 30,000 an error: 10 errors, few enough to be within both limits
 * (50 errors a second sampled, 10 tokens of the bucket kept for errors) even when a loaded machine
 * makes the aggregator count the whole burst within one second, so every one of them must arrive. A client subscribed to the stream's `events` gets
 * at most the gateway's limit (20 a second, from a bucket of 20) and every error; one subscribed to
 * `errors` gets exactly the errors; `skipped` accounts for the events not shown; a dead letter is
 * announced to a `dead_letters` subscriber.
 */
class LiveFeedIT {

    private static final String STREAM = "feed.fast";
    private static final int PER_SECOND = 50_000;
    private static final int SECONDS = 6;
    private static final int ERROR_EVERY = 30_000;
    private static final int LIMIT = 20;

    private static PulseInfra infra;
    private static ServiceProcess aggregator;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startStack() {
        infra = PulseInfra.start(InfraOptions.defaults());
        aggregator = Stack.start("aggregator-service", infra, Map.of());
        gateway = Stack.start(
                "gateway-service",
                infra,
                Map.of("pulse.gateway.aggregator.url", aggregator.uri("").toString()));
        aggregator.awaitReady(Stack.START_TIMEOUT);
        gateway.awaitReady(Stack.START_TIMEOUT);
    }

    @AfterAll
    static void stopStack() {
        Stack.closeAll(gateway, aggregator, infra);
    }

    @Test
    void aFastStreamReachesClientsWithinTheLimitWithEveryErrorAndWhatWasSkipped() throws Exception {
        WsClient all = subscribed(STREAM, "events");
        WsClient errors = subscribed(STREAM, "errors");
        WsClient notices = subscribed("none", "dead_letters");
        long subscribedAt = System.nanoTime();

        Set<String> errorIds = produce();

        // The events subscriber: every error, and within the limit the whole time.
        Set<String> seenErrors = new HashSet<>();
        long frames = 0;
        long skipped = 0;
        long lastFrameAt = subscribedAt;
        while (!seenErrors.containsAll(errorIds)) {
            JsonNode frame = all.next("event");
            lastFrameAt = System.nanoTime();
            frames++;
            skipped += frame.get("skipped").asLong();
            JsonNode event = frame.get("data").get("event");
            assertThat(event.get("stream").asText()).isEqualTo(STREAM);
            if ("error".equals(event.get("status").asText())) {
                seenErrors.add(event.get("id").asText());
            }
        }
        double seconds = (lastFrameAt - subscribedAt) / 1e9;
        assertThat(frames).as("event frames in %.1f s", seconds).isLessThanOrEqualTo((long)
                (LIMIT + LIMIT * (seconds + 0.5)));
        assertThat(frames + skipped).as("frames and skipped events").isLessThanOrEqualTo((long) PER_SECOND * SECONDS);

        // The errors subscriber: the errors, nothing else, none skipped.
        Set<String> onlyErrors = new HashSet<>();
        while (onlyErrors.size() < errorIds.size()) {
            JsonNode frame = errors.next("event");
            JsonNode event = frame.get("data").get("event");
            assertThat(event.get("status").asText()).isEqualTo("error");
            assertThat(frame.get("skipped").asLong()).isZero();
            assertThat(onlyErrors.add(event.get("id").asText()))
                    .as("each error once")
                    .isTrue();
        }
        assertThat(onlyErrors).isEqualTo(errorIds);

        // A dead letter: announced with its reason.
        send("not json at all", STREAM);
        JsonNode notice = notices.next("dead_letters");
        assertThat(notice.get("data").get("count").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(notice.get("data").get("last").get("reason_code").asText()).isEqualTo("invalid");
        all.close();
        errors.close();
        notices.close();
    }

    private static WsClient subscribed(String stream, String kind) {
        WsClient client = WsClient.connect(URI.create("ws://" + gateway.uri("").getAuthority() + "/ws"));
        client.next("welcome");
        client.send("{\"type\":\"subscribe\",\"streams\":[\"" + stream + "\"],\"kinds\":[\"" + kind + "\"]}");
        client.next("subscribed");
        return client;
    }

    /** Sends the events at the pace of the test; returns the ids of the errors. */
    private static Set<String> produce() throws Exception {
        Set<String> errorIds = new HashSet<>();
        try (KafkaProducer<String, String> producer = producer()) {
            int batch = PER_SECOND / 10;
            long start = System.nanoTime();
            for (int i = 0; i < PER_SECOND * SECONDS; i++) {
                boolean error = i % ERROR_EVERY == ERROR_EVERY / 2;
                String id = "fast-" + i;
                if (error) {
                    errorIds.add(id);
                }
                producer.send(new ProducerRecord<>(
                        Topics.EVENTS,
                        STREAM,
                        "{\"stream\":\"" + STREAM + "\",\"id\":\"" + id
                                + "\",\"time\":\"" + Instant.now() + "\""
                                + (error ? ",\"status\":\"error\",\"error_type\":\"timeout\"" : "")
                                + ",\"values\":{\"latency_ms\":" + (i % 900) + "}}"));
                if (i % batch == batch - 1) {
                    // Paced: batch k goes out at k × 100 ms.
                    long due = start + (i / batch + 1) * 100_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
            }
            producer.flush();
        }
        return errorIds;
    }

    private static void send(String value, String key) throws Exception {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.EVENTS, key, value)).get();
        }
    }

    private static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }
}

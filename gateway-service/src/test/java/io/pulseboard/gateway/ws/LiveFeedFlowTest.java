package io.pulseboard.gateway.ws;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.infra.testkit.WsClient;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live feed against the running gateway, fed through the real broker: samples and dead-letter notices are
 * written to pulse.samples as the aggregator writes them (events in batches, here keyed by stream; notices unkeyed), and real
 * WebSocket clients subscribe to {@code events}, {@code errors} and {@code dead_letters}. The gateway reads
 * pulse.samples from where it ended when the gateway started, so each test writes only after subscribing.
 *
 * <p>"Nothing else arrived" is checked as in {@link WebSocketFlowTest}: the records of one stream are on one
 * partition, read in order, so a frame of a record written last proves the ones before it were handled.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class LiveFeedFlowTest {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter topics;
    private final String p = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void writerAndALiveGateway() {
        topics = new TopicWriter(bootstrap);
        // Upgrades wait for the catch-up of the other topics; the sample reader says in the readiness data when it
        // reads from the end of pulse.samples (it does not hold readiness back).
        await().atMost(WsClient.WAIT).until(() -> {
            var ready = given().get("/q/health/ready");
            return ready.statusCode() == 200
                    && "live"
                            .equals(ready.jsonPath()
                                    .getString("checks.find { it.name == 'pulse-topic-feed' }.data.samples"));
        });
    }

    @AfterEach
    void close() {
        topics.close();
    }

    private WsClient subscribed(String stream, String kinds) {
        WsClient client = WsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")));
        client.next("welcome");
        client.send("{\"type\":\"subscribe\",\"streams\":[\"" + stream + "\"],\"kinds\":" + kinds + "}");
        assertThat(client.next("subscribed").path("kinds").toString()).isEqualTo(kinds);
        return client;
    }

    /** A sample as the aggregator writes it in a batch; {@code id} is the event's id and the offset in its ref. */
    private static String sample(String stream, int id, boolean error, long skipped, long skippedErrors) {
        return "{\"ref\":\"0:" + id + "\",\"received\":\"" + Instant.now() + "\",\"stream\":\""
                + stream
                + "\",\"event\":{\"stream\":\"" + stream + "\",\"time\":\"" + Instant.now() + "\",\"status\":\""
                + (error ? "error\",\"error_type\":\"timeout\",\"message\":\"timed out" : "ok") + "\",\"id\":\"" + id
                + "\"},\"skipped\":" + skipped + ",\"skipped_errors\":" + skippedErrors + "}";
    }

    /** A record of samples as the aggregator writes it. */
    private static String batch(List<String> samples) {
        return "{\"type\":\"events\",\"samples\":[" + String.join(",", samples) + "]}";
    }

    private void send(String stream, int id, boolean error, long skipped, long skippedErrors) {
        topics.send(Topics.SAMPLES, stream, batch(List.of(sample(stream, id, error, skipped, skippedErrors))));
    }

    private static String idOf(JsonNode frame) {
        return frame.path("data").path("event").path("id").asText();
    }

    @Test
    void anEventFrameIsTheRecentEventWithWhatWasLeftOutAndErrorsGetOnlyTheErrors() {
        String a = p + ".a";
        try (WsClient events = subscribed(a, "[\"events\"]");
                WsClient errors = subscribed(a, "[\"errors\"]");
                WsClient metrics = subscribed(a, "[\"metrics\",\"minutes\",\"alerts\"]")) {
            String written = sample(a, 1, false, 7, 2);
            topics.send(Topics.SAMPLES, a, batch(List.of(written)));
            JsonNode first = events.next("event");
            assertThat(first.path("skipped").asLong()).isEqualTo(7);
            // The RecentEvent: the sample without its own fields.
            ObjectNode recentEvent = PulseJson.fromJson(written, ObjectNode.class);
            recentEvent.remove(List.of("skipped", "skipped_errors"));
            assertThat(first.path("data")).isEqualTo(recentEvent);
            assertThat(first.size()).as("type, data and skipped").isEqualTo(3);

            send(a, 2, true, 0, 0);
            JsonNode error = errors.next("event");
            assertThat(idOf(error)).isEqualTo("2");
            assertThat(error.path("data").path("event").path("message").asText())
                    .isEqualTo("timed out");
            // The two errors the aggregator left out before the first sample, which was no error.
            assertThat(error.path("skipped").asLong()).isEqualTo(2);
            JsonNode second = events.next("event");
            assertThat(idOf(second)).isEqualTo("2");
            assertThat(second.path("skipped").asLong()).isZero();

            assertThat(errors.flush()).isEmpty();
            assertThat(metrics.flush()).isEmpty();
        }
    }

    @Test
    void aBurstIsCutToTheLimitWithEveryEventSentOrCountedAndTheErrorAfterItSent() {
        String b = p + ".burst";
        double limitedBefore = meter("pulse_gateway_events_skipped_total{reason=\"rate_limit\"}");
        try (WsClient events = subscribed(b, "[\"events\"]");
                WsClient errors = subscribed(b, "[\"errors\"]")) {
            // 200 events at once in 4 records, each after 3 the aggregator left out (1 of them an error), then an
            // error.
            for (int r = 0; r < 4; r++) {
                List<String> samples = new ArrayList<>();
                for (int i = r * 50; i < r * 50 + 50; i++) {
                    samples.add(sample(b, i, false, 3, 1));
                }
                topics.sendAsync(Topics.SAMPLES, b, batch(samples));
            }
            topics.sendAsync(Topics.SAMPLES, b, batch(List.of(sample(b, 200, true, 0, 0))));
            topics.flush();

            long frames = 0;
            long skipped = 0;
            JsonNode frame;
            do {
                frame = events.next("event");
                frames++;
                skipped += frame.path("skipped").asLong();
            } while (!"200".equals(idOf(frame)));
            // Errors go first: the error comes although the burst is far over the limit of 20.
            assertThat(frame.path("data").path("event").path("status").asText()).isEqualTo("error");
            assertThat(frames + skipped).as("every event sent or counted once").isEqualTo(201 + 200 * 3);
            assertThat(skipped)
                    .as("some left out by the limit, not only by the aggregator")
                    .isGreaterThan(200 * 3);
            assertThat(meter("pulse_gateway_events_skipped_total{reason=\"rate_limit\"}") - limitedBefore)
                    .isEqualTo(skipped - 200 * 3);

            JsonNode error = errors.next("event");
            assertThat(idOf(error)).isEqualTo("200");
            assertThat(error.path("skipped").asLong())
                    .as("the errors the aggregator left out")
                    .isEqualTo(200);
            assertThat(errors.flush()).isEmpty();
        }
    }

    @Test
    void aSecondSubscriptionOfTheSameNameSwitchesBetweenEventsAndErrorsAndBothAtOnceIsRefused() {
        String c = p + ".c";
        try (WsClient client = subscribed(c, "[\"events\"]")) {
            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + c + "\"],\"kinds\":[\"errors\"]}");
            client.next("subscribed");
            send(c, 1, false, 0, 0);
            send(c, 2, true, 0, 0);
            assertThat(idOf(client.next("event"))).isEqualTo("2");

            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + c + "\"],\"kinds\":[\"events\",\"errors\"]}");
            JsonNode refused = client.next("error");
            assertThat(refused.path("code").asText()).isEqualTo("bad_request");
            assertThat(refused.path("message").asText()).contains("both \"events\" and \"errors\"");
            // Nothing changed: still the errors only.
            send(c, 3, false, 0, 0);
            send(c, 4, true, 0, 0);
            assertThat(idOf(client.next("event"))).isEqualTo("4");
        }
    }

    @Test
    void deadLetterNoticesGoToEveryConnectionThatAskedWhateverItsStreams() {
        String notice = "{\"count\":3,\"by_reason\":{\"invalid\":1,\"too_old\":2},\"last\":{\"time\":\"" + Instant.now()
                + "\",\"stream\":\"" + p
                + ".d\",\"reason_code\":\"too_old\",\"reason\":\"older than 7 days\",\"source\":\"pulse.events-2@7\"}}";
        try (WsClient notices = subscribed("none", "[\"dead_letters\"]");
                WsClient events = subscribed("**", "[\"events\"]")) {
            topics.send(Topics.SAMPLES, null, "{\"type\":\"dead_letters\"," + notice.substring(1));
            JsonNode frame = notices.until(
                            m -> "dead_letters".equals(m.path("type").asText())
                                    && (p + ".d")
                                            .equals(m.path("data")
                                                    .path("last")
                                                    .path("stream")
                                                    .asText()))
                    .get(0);
            assertThat(frame.path("data")).isEqualTo(PulseJson.fromJson(notice, JsonNode.class));
            assertThat(frame.size()).isEqualTo(2);
            // An events subscription of every stream gets no notices: a sample written after it comes first.
            send(p + ".d", 1, false, 0, 0);
            assertThat(idOf(events.next("event"))).isEqualTo("1");
        }
    }

    @Test
    void unreadableSamplesAreCountedAndSkippedAndTheOnesAfterThemDelivered() {
        String x = p + ".x";
        double rejectedBefore = meter("pulse_gateway_samples_rejected_total");
        try (WsClient client = subscribed(x, "[\"events\"]")) {
            // On the stream's partition, before a good sample.
            topics.send(Topics.SAMPLES, x, "{\"type\":");
            topics.send(Topics.SAMPLES, x, null);
            topics.send(Topics.SAMPLES, x, "{\"type\":\"weather\"}");
            topics.send(Topics.SAMPLES, x, "{\"type\":\"events\",\"samples\":{}}");
            // In one record, two bad samples and a good one: the good one is delivered.
            topics.send(
                    Topics.SAMPLES,
                    x,
                    batch(List.of(
                            sample(x, 1, false, 0, 0).replace("\"skipped\":0", "\"skipped\":-5"),
                            sample(x, 2, true, 0, 0)
                                    .replace("\"stream\":\"" + x + "\",\"event\"", "\"stream\":\"Bad\",\"event\""),
                            sample(x, 3, false, 0, 0))));
            JsonNode frame = client.next("event");
            assertThat(idOf(frame)).isEqualTo("3");
            assertThat(frame.path("skipped").asLong()).isZero();
            assertThat(meter("pulse_gateway_samples_rejected_total") - rejectedBefore)
                    .isEqualTo(6);
            // A single sample as aggregators before batches wrote it is still read.
            topics.send(
                    Topics.SAMPLES,
                    x,
                    "{\"type\":\"event\"," + sample(x, 4, false, 0, 0).substring(1));
            assertThat(idOf(client.next("event"))).isEqualTo("4");
        }
    }

    /** A meter's value on /q/metrics, by its Prometheus name and labels as written there. */
    private static double meter(String nameAndLabels) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        List<String> lines =
                metrics.lines().filter(l -> l.startsWith(nameAndLabels + " ")).toList();
        assertThat(lines).as(nameAndLabels + " on /q/metrics").hasSize(1);
        return Double.parseDouble(lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1));
    }
}

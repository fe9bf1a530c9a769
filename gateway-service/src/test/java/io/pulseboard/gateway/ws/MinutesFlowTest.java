package io.pulseboard.gateway.ws;

import static io.pulseboard.gateway.ws.MinutesWriter.minute;
import static io.pulseboard.gateway.ws.MinutesWriter.minutesAgo;
import static io.pulseboard.infra.testkit.TopicWriter.alert;
import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.infra.testkit.WsClient;
import io.pulseboard.model.AlertState;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code minutes} kind against the running gateway, fed through the real broker: minute states are written
 * to pulse.minutes as the aggregator writes them, and real WebSocket clients subscribe. This gateway started
 * after {@link MinutesWrittenBeforeStart} wrote a stream's minutes, so it has replayed them.
 *
 * <p>As in {@link WebSocketFlowTest}, "nothing else arrived" is checked without waiting for time to pass: a
 * client that receives an update proves the hub has routed it, and the records of one stream are on one
 * partition, read in order, so a state written after a refused one arrives only after that one was refused.
 */
@QuarkusTest
@WithTestResource(MinutesWrittenBeforeStart.class)
class MinutesFlowTest {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter topics;
    private MinutesWriter minutes;
    private final String p = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void writersAndACaughtUpGateway() {
        topics = new TopicWriter(bootstrap);
        minutes = new MinutesWriter(bootstrap);
        // Upgrades are refused (503) until the gateway has read the topics up to where they were at its start.
        await().atMost(WsClient.WAIT).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @AfterEach
    void close() {
        topics.close();
        minutes.close();
    }

    private WsClient connect() {
        WsClient client = WsClient.connect(URI.create(ws.toString().replaceFirst("^http", "ws")));
        client.next("welcome");
        return client;
    }

    /** Subscribes and returns the kinds the gateway answered with. */
    private static String subscribe(WsClient client, String stream, String kinds) {
        client.send("{\"type\":\"subscribe\",\"streams\":[\"" + stream + "\"]"
                + (kinds == null ? "" : ",\"kinds\":" + kinds) + "}");
        return client.next("subscribed").path("kinds").toString();
    }

    /** A client subscribed to every kind of every stream of this test. */
    private WsClient observer() {
        WsClient observer = connect();
        subscribe(observer, p + ".**", "[\"metrics\",\"minutes\",\"alerts\"]");
        return observer;
    }

    /** Each minute of a minutes or minute frame as "start#count@revision". */
    private static List<String> minutesOf(JsonNode frame) {
        JsonNode data = frame.path("data");
        List<String> result = new ArrayList<>();
        for (JsonNode m : data.isArray() ? data : List.of(data)) {
            result.add(m.path("hour").asText() + "#" + m.path("count").asLong() + "@"
                    + m.path("revision").asLong());
        }
        return result;
    }

    private static String row(Instant start, long count, long revision) {
        return start + "#" + count + "@" + revision;
    }

    private static Predicate<JsonNode> minuteOf(String stream, Instant start, long revision) {
        return m -> "minute".equals(m.path("type").asText())
                && stream.equals(m.path("data").path("stream").asText())
                && start.toString().equals(m.path("data").path("hour").asText())
                && m.path("data").path("revision").asLong() == revision;
    }

    private static Predicate<JsonNode> metricsOf(String stream, long revision) {
        return m -> "metrics".equals(m.path("type").asText())
                && stream.equals(m.path("data").path("stream").asText())
                && m.path("data").path("revision").asLong() == revision;
    }

    private static Predicate<JsonNode> alertOf(String stream, String state) {
        return m -> "alert".equals(m.path("type").asText())
                && stream.equals(m.path("data").path("stream").asText())
                && state.equals(m.path("data").path("state").asText());
    }

    @Test
    void aGatewayStartedAfterMinutesWereWrittenHasTheLastSixtyOfThemInItsSnapshot() {
        // Read here, not injected: every test class's injection points are checked at every start of the application.
        Config config = ConfigProvider.getConfig();
        String replayed = config.getValue(MinutesWrittenBeforeStart.STREAM_PROPERTY, String.class);
        Instant replayedMinute = config.getValue(MinutesWrittenBeforeStart.MINUTE_PROPERTY, Instant.class);
        try (WsClient client = connect()) {
            assertThat(subscribe(client, replayed, "[\"minutes\"]")).isEqualTo("[\"minutes\"]");
            List<JsonNode> snapshot = client.flush();
            assertThat(snapshot).hasSize(1);
            assertThat(snapshot.get(0).path("type").asText()).isEqualTo("minutes");
            assertThat(snapshot.get(0).path("stream").asText()).isEqualTo(replayed);
            assertThat(minutesOf(snapshot.get(0)))
                    .containsExactly(
                            row(replayedMinute.minus(Duration.ofMinutes(50)), 50, 1),
                            row(replayedMinute.minus(Duration.ofMinutes(3)), 3, 2));
        }
    }

    @Test
    void theSnapshotHasTheLastSixtyMinutesInOrderThenEveryNewerStateComesLiveAndNothingElse() {
        String a = p + ".a";
        Instant now = minutesAgo(0);
        try (WsClient observer = observer();
                WsClient client = connect()) {
            minutes.send(minute(a, now.minus(Duration.ofMinutes(75)), 75, 1));
            minutes.send(minute(a, now.minus(Duration.ofMinutes(10)), 10, 1));
            minutes.send(minute(a, now.minus(Duration.ofMinutes(2)), 1, 2));
            minutes.send(minute(a, now.minus(Duration.ofMinutes(2)), 2, 3));
            minutes.send(minute(a, now, 5, 4));
            topics.send(metrics(a, 7, 1));
            topics.send(alert("r1", a, AlertState.FIRING, 1));
            observer.untilAll(List.of(minuteOf(a, now, 4), metricsOf(a, 1), alertOf(a, "firing")));

            assertThat(subscribe(client, a, "[\"minutes\"]")).isEqualTo("[\"minutes\"]");
            List<JsonNode> snapshot = client.flush();
            assertThat(snapshot).hasSize(1);
            assertThat(snapshot.get(0).path("type").asText()).isEqualTo("minutes");
            assertThat(snapshot.get(0).path("stream").asText()).isEqualTo(a);
            assertThat(minutesOf(snapshot.get(0)))
                    .containsExactly(
                            row(now.minus(Duration.ofMinutes(10)), 10, 1),
                            row(now.minus(Duration.ofMinutes(2)), 2, 3),
                            row(now, 5, 4));
            JsonNode first = snapshot.get(0).path("data").get(0);
            assertThat(first.path("final").asBoolean(true)).isFalse();
            assertThat(first.has("first_event")).isFalse();

            minutes.send(minute(a, now, 6, 5));
            assertThat(minutesOf(client.next("minute"))).containsExactly(row(now, 6, 5));

            // A stale state and a minute older than the last 60 are not sent: the next frame is the state written after
            // them.
            minutes.send(minute(a, now, 5, 4));
            minutes.send(minute(a, now.minus(Duration.ofMinutes(75)), 76, 2));
            minutes.send(minute(a, now.minus(Duration.ofMinutes(1)), 1, 6));
            assertThat(minutesOf(client.next("minute"))).containsExactly(row(now.minus(Duration.ofMinutes(1)), 1, 6));

            // A minutes-only subscription gets no hours and no alerts.
            topics.send(metrics(a, 8, 2));
            topics.send(alert("r1", a, AlertState.RESOLVED, 2));
            observer.untilAll(List.of(metricsOf(a, 2), alertOf(a, "resolved")));
            assertThat(client.flush()).isEmpty();
        }
    }

    @Test
    void theDefaultKindsGetNoMinutesAndUnsubscribeStopsThem() {
        String b = p + ".b";
        Instant now = minutesAgo(0);
        try (WsClient observer = observer();
                WsClient defaults = connect();
                WsClient client = connect()) {
            assertThat(subscribe(defaults, b, null)).isEqualTo("[\"metrics\",\"alerts\"]");
            assertThat(subscribe(client, b, "[\"minutes\",\"metrics\"]")).isEqualTo("[\"metrics\",\"minutes\"]");
            minutes.send(minute(b, now, 1, 1));
            topics.send(metrics(b, 1, 1));
            observer.untilAll(List.of(minuteOf(b, now, 1), metricsOf(b, 1)));
            assertThat(defaults.flush())
                    .extracting(m -> m.path("type").asText())
                    .containsExactly("metrics");
            assertThat(client.untilAll(List.of(minuteOf(b, now, 1), metricsOf(b, 1))))
                    .hasSize(2);

            client.send("{\"type\":\"unsubscribe\",\"streams\":[\"" + b + "\"]}");
            client.next("unsubscribed");
            minutes.send(minute(b, now, 2, 2));
            observer.until(minuteOf(b, now, 2));
            assertThat(client.flush()).isEmpty();
        }
    }

    @Test
    void unreadableMinuteRecordsAreSkippedAndTheRestIsDelivered() {
        String x = p + ".x";
        Instant now = minutesAgo(0);
        try (WsClient observer = observer()) {
            minutes.sendRaw(x, "{\"stream\":");
            minutes.sendRaw(x, "{\"stream\":\"" + x + "\",\"count\":1,\"revision\":1}");
            // Not the start of a minute.
            minutes.send(minute(x, now.plusSeconds(30), 1, 1));
            minutes.send(minute(x, now, 1, 1));
            assertThat(observer.until(minuteOf(x, now, 1))).hasSize(1);
        }
    }
}

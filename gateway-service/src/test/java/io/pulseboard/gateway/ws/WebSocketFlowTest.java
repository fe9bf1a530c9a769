package io.pulseboard.gateway.ws;

import static io.pulseboard.infra.testkit.TopicWriter.alert;
import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.infra.testkit.WsClient;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The protocol against the running gateway, fed through the real broker: HourlyMetrics and Alerts are
 * written to pulse.metrics and pulse.alerts as the aggregator writes them, and real WebSocket clients
 * subscribe. Each test uses streams of its own prefix.
 *
 * <p>"Nothing else arrived" is checked without waiting for time to pass: a client that receives an update
 * proves the hub has routed it to every subscriber (routing is one step under one lock), so a ping sent
 * afterwards by another client is answered after anything that was queued for it ({@link WsClient#flush()}).
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class WebSocketFlowTest {

    @TestHTTPResource("/ws")
    URI ws;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private TopicWriter topics;
    private final String p = "t" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void writer() {
        topics = new TopicWriter(bootstrap);
    }

    @AfterEach
    void close() {
        topics.close();
    }

    private URI ws() {
        return URI.create(ws.toString().replaceFirst("^http", "ws"));
    }

    /** A client subscribed to everything of this test that has seen {@code revision} of {@code stream}. */
    private WsClient observer() {
        WsClient observer = WsClient.connect(ws());
        observer.next("welcome");
        observer.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".**\"]}");
        observer.next("subscribed");
        return observer;
    }

    private static Predicate<JsonNode> metricsOf(String stream, long revision) {
        return m -> "metrics".equals(m.path("type").asText())
                && stream.equals(m.path("data").path("stream").asText())
                && m.path("data").path("revision").asLong() == revision;
    }

    private static List<String> streamsOf(List<JsonNode> messages) {
        return messages.stream()
                .map(m -> m.path("data").path("stream").asText())
                .toList();
    }

    @Test
    void welcomeNamesTheServerTheKnownStreamsAndTheHeartbeat() {
        try (WsClient observer = observer()) {
            topics.send(metrics(p + ".seen", 1, 1));
            observer.until(metricsOf(p + ".seen", 1));
        }
        try (WsClient client = WsClient.connect(ws())) {
            JsonNode welcome = client.next("welcome");
            assertThat(welcome.path("server").asText()).isEqualTo("pulse-gateway");
            assertThat(welcome.path("version").asText()).isNotBlank();
            assertThat(welcome.path("heartbeat_interval_ms").asLong()).isPositive();
            assertThat(welcome.path("streams").toString()).contains("\"" + p + ".seen\"");
        }
    }

    @Test
    void subscribingByNameGetsTheSnapshotThenLiveUpdatesOfThatStreamOnly() {
        try (WsClient observer = observer();
                WsClient client = WsClient.connect(ws())) {
            topics.send(metrics(p + ".a", 10, 1));
            topics.send(metrics(p + ".b", 20, 1));
            observer.untilAll(List.of(metricsOf(p + ".a", 1), metricsOf(p + ".b", 1)));
            client.next("welcome");

            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".a\"]}");
            JsonNode subscribed = client.next("subscribed");
            assertThat(subscribed.path("streams").get(0).asText()).isEqualTo(p + ".a");
            assertThat(subscribed.path("kinds").toString()).isEqualTo("[\"metrics\",\"alerts\"]");
            // The snapshot: queued with the answer, before anything the client asks afterwards.
            List<JsonNode> snapshot = client.flush();
            assertThat(snapshot).hasSize(1);
            assertThat(snapshot.get(0).path("data").path("count").asLong()).isEqualTo(10);
            assertThat(snapshot.get(0).path("data").path("hour").asText())
                    .isEqualTo(TopicWriter.currentHour().toString());

            topics.send(metrics(p + ".b", 21, 2));
            topics.send(metrics(p + ".a", 11, 2));
            JsonNode live = client.next("metrics");
            assertThat(live.path("data").path("stream").asText()).isEqualTo(p + ".a");
            assertThat(live.path("data").path("revision").asLong()).isEqualTo(2);
            observer.until(metricsOf(p + ".b", 2));
            assertThat(client.flush()).isEmpty();
        }
    }

    @Test
    void aGlobGetsEveryMatchingStreamIncludingOnesThatAppearLater() {
        try (WsClient observer = observer();
                WsClient client = WsClient.connect(ws())) {
            topics.send(metrics(p + ".llm.a", 1, 1));
            topics.send(metrics(p + ".llm.a.deep", 1, 1));
            topics.send(metrics(p + ".web", 1, 1));
            observer.untilAll(
                    List.of(metricsOf(p + ".llm.a", 1), metricsOf(p + ".llm.a.deep", 1), metricsOf(p + ".web", 1)));
            client.next("welcome");
            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".llm.*\"],\"kinds\":[\"metrics\"]}");
            client.next("subscribed");
            assertThat(streamsOf(client.flush())).containsExactly(p + ".llm.a");

            // A stream first seen after the subscription matches too.
            topics.send(metrics(p + ".llm.b", 5, 1));
            JsonNode appeared = client.next("metrics");
            assertThat(appeared.path("data").path("stream").asText()).isEqualTo(p + ".llm.b");
            topics.send(metrics(p + ".web", 1, 2));
            observer.until(metricsOf(p + ".web", 2));
            assertThat(client.flush()).isEmpty();
        }
    }

    @Test
    void alertsComeAsSnapshotOfActiveOnesThenEveryChangeAndResolvedOnesLeaveTheSnapshot() {
        try (WsClient observer = observer()) {
            topics.send(alert("r1", p + ".pay", AlertState.FIRING, 2));
            topics.send(alert("r2", p + ".pay", AlertState.PENDING, 1));
            topics.send(metrics(p + ".pay", 3, 1));
            observer.untilAll(List.of(
                    m -> "alert".equals(m.path("type").asText())
                            && "r2".equals(m.path("data").path("rule_id").asText()),
                    metricsOf(p + ".pay", 1)));

            try (WsClient alertsOnly = WsClient.connect(ws())) {
                alertsOnly.next("welcome");
                alertsOnly.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".pay\"],\"kinds\":[\"alerts\"]}");
                assertThat(alertsOnly.next("subscribed").path("kinds").toString())
                        .isEqualTo("[\"alerts\"]");
                List<JsonNode> snapshot = alertsOnly.flush();
                assertThat(snapshot).extracting(m -> m.path("type").asText()).containsOnly("alert");
                assertThat(snapshot)
                        .extracting(m -> m.path("data").path("rule_id").asText())
                        .containsExactlyInAnyOrder("r1", "r2");

                topics.send(alert("r1", p + ".pay", AlertState.RESOLVED, 3));
                JsonNode resolved = alertsOnly.next("alert");
                assertThat(resolved.path("data").path("state").asText()).isEqualTo("resolved");
                assertThat(resolved.path("data").path("labels").path("team").asText())
                        .isEqualTo("payments");
            }
            try (WsClient later = WsClient.connect(ws())) {
                later.next("welcome");
                later.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".pay\"],\"kinds\":[\"alerts\"]}");
                later.next("subscribed");
                assertThat(later.flush())
                        .extracting(m -> m.path("data").path("rule_id").asText())
                        .containsExactly("r2");
            }
        }
    }

    @Test
    void unsubscribeStopsTheUpdatesOfThatStreamOnly() {
        try (WsClient observer = observer();
                WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".a\",\"" + p + ".b\"]}");
            client.next("subscribed");
            topics.send(metrics(p + ".a", 1, 1));
            client.until(metricsOf(p + ".a", 1));

            client.send("{\"type\":\"unsubscribe\",\"streams\":[\"" + p + ".a\"]}");
            assertThat(client.next("unsubscribed").path("streams").get(0).asText())
                    .isEqualTo(p + ".a");
            topics.send(metrics(p + ".a", 2, 2));
            topics.send(metrics(p + ".b", 1, 1));
            observer.untilAll(List.of(metricsOf(p + ".a", 2), metricsOf(p + ".b", 1)));
            assertThat(streamsOf(client.flush())).containsExactly(p + ".b");
        }
    }

    @Test
    void aClientThatReconnectsGetsTheLatestStateAtOnce() {
        try (WsClient observer = observer()) {
            try (WsClient first = WsClient.connect(ws())) {
                first.next("welcome");
                first.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".r\"]}");
                first.next("subscribed");
                topics.send(metrics(p + ".r", 1, 1));
                first.until(metricsOf(p + ".r", 1));
            }
            topics.send(metrics(p + ".r", 7, 2));
            // A stale duplicate (an aggregator restart) changes nothing.
            topics.send(metrics(p + ".r", 1, 1));
            topics.send(metrics(p + ".r", 9, 3));
            observer.until(metricsOf(p + ".r", 3));
            try (WsClient again = WsClient.connect(ws())) {
                again.next("welcome");
                again.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".r\"]}");
                again.next("subscribed");
                List<JsonNode> snapshot = again.flush();
                assertThat(snapshot).hasSize(1);
                assertThat(snapshot.get(0).path("data").path("revision").asLong())
                        .isEqualTo(3);
                assertThat(snapshot.get(0).path("data").path("count").asLong()).isEqualTo(9);
            }
        }
    }

    @Test
    void aClientThatResubscribesWithWhatItHasGetsOnlyTheHoursItLacksAndNeverAnOlderState() {
        java.time.Instant hour = TopicWriter.currentHour();
        java.time.Instant before = hour.minus(java.time.Duration.ofHours(1));
        try (WsClient observer = observer()) {
            topics.send(metrics(p + ".h", before, 4, 4, false, java.util.Map.of()));
            topics.send(metrics(p + ".h", hour, 7, 7, false, java.util.Map.of()));
            topics.send(metrics(p + ".k", 3, 3));
            observer.untilAll(List.of(metricsOf(p + ".h", 4), metricsOf(p + ".h", 7), metricsOf(p + ".k", 3)));
            try (WsClient client = WsClient.connect(ws())) {
                client.next("welcome");
                // It has the current hour of h at 7 and k ahead of this instance (from another one), the previous hour
                // of h at 2.
                client.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".*\"],\"kinds\":[\"metrics\"],\"have\":{\""
                        + p + ".h@" + hour + "\":7,\"" + p + ".h@" + before + "\":2,\"" + p + ".k@" + hour + "\":5}}");
                client.next("subscribed");
                List<JsonNode> snapshot = client.flush();
                assertThat(snapshot)
                        .extracting(m -> m.path("data").path("hour").asText() + "#"
                                + m.path("data").path("revision").asLong())
                        .containsExactly(before + "#4");

                // k's states up to the one it has are not news to it; the next one is.
                topics.send(metrics(p + ".k", 4, 4));
                topics.send(metrics(p + ".k", 5, 5));
                topics.send(metrics(p + ".k", 6, 6));
                assertThat(client.next("metrics").path("data").path("revision").asLong())
                        .isEqualTo(6);
            }
        }
    }

    @Test
    void aBadHaveGetsAnErrorAndSubscribesNothing() {
        try (WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            String subscribe = "{\"type\":\"subscribe\",\"streams\":[\"" + p + ".**\"],\"have\":";
            assertError(client, subscribe + "[1]}", "bad_request", "\"have\" must be an object");
            assertError(client, subscribe + "{\"no-hour\":1}}", "bad_request", "not <stream>@<hour>");
            assertError(
                    client, subscribe + "{\"Bad Name@2026-11-22T10:00:00Z\":1}}", "bad_request", "not <stream>@<hour>");
            assertError(client, subscribe + "{\"a@yesterday\":1}}", "bad_request", "ISO-8601");
            assertError(client, subscribe + "{\"a@2026-11-22T10:00:00Z\":-1}}", "bad_request", "whole number");
            assertError(client, subscribe + "{\"a@2026-11-22T10:00:00Z\":\"7\"}}", "bad_request", "whole number");
            assertError(client, subscribe + "{\"a@2026-11-22T10:00:00Z\":1.5}}", "bad_request", "whole number");
            try (WsClient observer = observer()) {
                topics.send(metrics(p + ".z", 1, 1));
                observer.until(metricsOf(p + ".z", 1));
            }
            assertThat(client.flush()).isEmpty();
        }
    }

    @Test
    void aFinalHourIsDeliveredAndLeavesTheSnapshot() {
        try (WsClient observer = observer();
                WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".f\"]}");
            client.next("subscribed");
            topics.send(metrics(p + ".f", TopicWriter.currentHour(), 4, 1, false, java.util.Map.of()));
            client.until(metricsOf(p + ".f", 1));
            topics.send(metrics(p + ".f", TopicWriter.currentHour(), 5, 2, true, java.util.Map.of()));
            assertThat(client.until(metricsOf(p + ".f", 2))
                            .get(0)
                            .path("data")
                            .path("final")
                            .asBoolean())
                    .isTrue();
            observer.until(metricsOf(p + ".f", 2));
            client.send("{\"type\":\"subscribe\",\"streams\":[\"" + p + ".f\"]}");
            client.next("subscribed");
            assertThat(client.flush()).isEmpty();
        }
    }

    @Test
    void listStreamsAndPingAreAnswered() {
        try (WsClient observer = observer();
                WsClient client = WsClient.connect(ws())) {
            topics.send(metrics(p + ".listed", 1, 1));
            observer.until(metricsOf(p + ".listed", 1));
            client.next("welcome");
            client.send("{\"type\":\"list_streams\"}");
            assertThat(client.next("streams").path("streams").toString()).contains("\"" + p + ".listed\"");
            client.send("{\"type\":\"ping\",\"ts\":123}");
            assertThat(client.next("pong").path("ts").asLong()).isEqualTo(123);
        }
    }

    @Test
    void everyBadFrameGetsItsErrorAndTheConnectionStaysOpen() {
        try (WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            assertError(client, "{not json", "bad_json", "not JSON");
            assertError(client, "[1,2]", "bad_request", "JSON object");
            assertError(client, "{\"streams\":[\"a\"]}", "bad_request", "\"type\"");
            assertError(client, "{\"type\":\"teleport\"}", "unknown_type", "teleport");
            assertError(client, "{\"type\":\"subscribe\",\"streams\":[\"ok\",\"Bad Name\"]}", "bad_glob", "streams[1]");
            assertError(client, "{\"type\":\"subscribe\",\"streams\":[\"a.***\"]}", "bad_glob", "***");
            assertError(client, "{\"type\":\"subscribe\",\"streams\":[]}", "bad_request", "non-empty");
            assertError(
                    client,
                    "{\"type\":\"subscribe\",\"streams\":[\"a\"],\"kinds\":[\"logs\"]}",
                    "bad_request",
                    "kinds[0]");
            assertError(
                    client, "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(20_000) + "\"}", "frame_too_large", "16384");
            client.sendBinary(new byte[] {1, 2, 3});
            JsonNode binary = client.next("error");
            assertThat(binary.path("code").asText()).isEqualTo("binary_frame");
            // A bad subscribe added nothing, and the connection still works.
            client.send("{\"type\":\"ping\",\"ts\":1}");
            assertThat(client.next("pong").path("ts").asLong()).isEqualTo(1);
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void unreadableRecordsOnTheTopicsAreSkippedAndTheRestIsDelivered() {
        try (WsClient observer = observer()) {
            topics.send(Topics.METRICS, p + ".x", "{\"stream\":");
            topics.send(Topics.ALERTS, p + ".x", "{\"rule_id\":\"no stream\"}");
            topics.send(metrics(p + ".x", 1, 1));
            observer.until(metricsOf(p + ".x", 1));
        }
    }

    private static void assertError(WsClient client, String frame, String code, String said) {
        client.send(frame);
        JsonNode error = client.next("error");
        assertThat(error.path("code").asText()).as(error.toString()).isEqualTo(code);
        assertThat(error.path("message").asText()).contains(said);
    }
}

package io.pulseboard.gateway.ws;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.infra.testkit.WsClient;
import io.pulseboard.model.ValueStats;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is closed with 1008 while a client beside it, subscribed to the same streams,
 * gets every stream's latest state. Small limits make the slow client show quickly: a queue bound of 4, a
 * 1 s slow-client timeout.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
@TestProfile(SlowClientTest.SmallQueues.class)
class SlowClientTest {

    public static class SmallQueues implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.gateway.outbound-queue-size", "4",
                    "pulse.gateway.slow-client-timeout", "1s",
                    "pulse.gateway.max-in-flight", "4");
        }
    }

    private static final int STREAMS = 40;

    @TestHTTPResource("/ws")
    URI http;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aClientThatDoesNotReadIsClosedWith1008AndTheOthersKeepTheirUpdates() {
        URI ws = URI.create(http.toString().replaceFirst("^http", "ws"));
        String p = "slow" + UUID.randomUUID().toString().substring(0, 8);
        String subscribe = "{\"type\":\"subscribe\",\"streams\":[\"" + p + ".*\"],\"kinds\":[\"metrics\"]}";
        // Large states (about 8 KB each) fill the socket buffers of the client that does not read.
        Map<String, ValueStats> values = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            values.put("value_" + i, new ValueStats(10, 100.5, 1.25, 99.75, 10.05, 5.5, 9.0, 9.5, 9.9));
        }
        double closedBefore = closedAsSlow();
        try (TopicWriter topics = new TopicWriter(bootstrap);
                WsClient normal = WsClient.connect(ws);
                WsClient stalled = WsClient.connect(ws, Map.of(), false)) {
            normal.next("welcome");
            normal.send(subscribe);
            normal.next("subscribed");
            stalled.send(subscribe);

            Map<String, Long> latest = new HashMap<>();
            AtomicLong revision = new AtomicLong();
            // Revisions, round after round without a pause, until the gateway has closed the stalled client
            // (bounded: the test fails if it never does).
            Awaitility.await("the gateway closing the stalled client")
                    .atMost(Duration.ofSeconds(120))
                    .pollInSameThread()
                    .pollInterval(Duration.ZERO)
                    .until(() -> {
                        if (closedAsSlow() != closedBefore) {
                            return true;
                        }
                        long r = revision.incrementAndGet();
                        for (int s = 0; s < STREAMS; s++) {
                            topics.sendAsync(
                                    TopicWriter.metrics(p + "." + s, TopicWriter.currentHour(), r, r, false, values));
                            latest.put(p + "." + s, r);
                        }
                        topics.flush();
                        return false;
                    });
            // The normal client gets the latest state of every stream (older ones may have been conflated).
            Map<String, Long> seen = new HashMap<>();
            while (!seen.equals(latest)) {
                JsonNode message = normal.next("metrics");
                seen.merge(
                        message.path("data").path("stream").asText(),
                        message.path("data").path("revision").asLong(),
                        Math::max);
            }
            stalled.startReading();
            WsClient.Closed closed = stalled.awaitClosed();
            assertThat(closed.code()).isEqualTo(1008);
            assertThat(closed.reason()).startsWith("too slow");
            // And the normal client is still served.
            assertThat(normal.flush()).isEmpty();
        }
    }

    private static double closedAsSlow() {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines()
                .filter(l -> l.startsWith("pulse_gateway_connections_closed_slow_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}

package io.pulseboard.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configurable limits (connections per instance, subscriptions per connection, messages per second) and the heartbeat. */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
@TestProfile(LimitsTest.SmallLimits.class)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.gateway.max-connections", "2",
                    "pulse.gateway.max-subscriptions", "3",
                    "pulse.gateway.max-messages-per-second", "5",
                    "pulse.gateway.heartbeat-interval", "300ms");
        }
    }

    @TestHTTPResource("/ws")
    URI http;

    private URI ws() {
        return URI.create(http.toString().replaceFirst("^http", "ws"));
    }

    @Test
    void aConnectionOverTheLimitIsRefusedWith503() {
        try (WsClient one = WsClient.connect(ws());
                WsClient two = WsClient.connect(ws())) {
            one.next("welcome");
            two.next("welcome");
            assertThat(WsClient.refusedStatus(ws(), Map.of())).isEqualTo(503);
        }
    }

    @Test
    void aSubscribeOverTheLimitAddsNothingAndSaysWhy() {
        try (WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            client.send("{\"type\":\"subscribe\",\"streams\":[\"a\",\"b\"]}");
            client.next("subscribed");
            client.send("{\"type\":\"subscribe\",\"streams\":[\"c\",\"d\"]}");
            JsonNode error = client.next("error");
            assertThat(error.path("code").asText()).isEqualTo("too_many_subscriptions");
            assertThat(error.path("message").asText()).contains("at most 3");
            // Subscribing again to held ones counts nothing new; one more fits.
            client.send("{\"type\":\"subscribe\",\"streams\":[\"a\",\"c\"]}");
            assertThat(client.next("subscribed").path("streams").size()).isEqualTo(2);
        }
    }

    @Test
    void framesOverTheRateGetAnErrorAndTheConnectionStaysOpen() {
        try (WsClient client = WsClient.connect(ws())) {
            client.next("welcome");
            for (int i = 0; i < 50; i++) {
                client.send("{\"type\":\"ping\",\"ts\":" + i + "}");
            }
            // A burst of 5 is admitted at once; 50 frames cannot all fit in the time it takes to send them.
            List<JsonNode> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                answers.add(client.next());
            }
            assertThat(answers)
                    .anySatisfy(m -> assertThat(m.path("code").asText()).isEqualTo("rate_limited"));
            assertThat(answers)
                    .anySatisfy(m -> assertThat(m.path("type").asText()).isEqualTo("pong"));
            assertThat(client.isClosed()).isFalse();
        }
    }

    @Test
    void everyConnectionGetsHeartbeatsAtTheIntervalItWasTold() {
        try (WsClient client = WsClient.connect(ws())) {
            assertThat(client.next("welcome").path("heartbeat_interval_ms").asLong())
                    .isEqualTo(300);
            assertThat(client.awaitHeartbeat().path("time").asText()).isNotBlank();
        }
    }
}

package io.pulseboard.aggregator.receivers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.aggregator.alerts.FlowEvents;
import io.pulseboard.aggregator.alerts.LocalWebhook;
import io.pulseboard.aggregator.alerts.LoopbackWebhooksProfile;
import io.pulseboard.aggregator.rules.RuleTable;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One incident over 30 streams, on the real broker and database: a rule naming a Slack receiver
 * fires on 30 streams at once, and the local HTTP receiver gets one message listing all 30; the
 * group, still firing and unchanged, is sent again after the receiver's repeat interval.
 */
@QuarkusTest
@TestProfile(LoopbackWebhooksProfile.class)
@WithTestResource(PulseInfraTestResource.class)
class GroupingFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(45);
    private static final int STREAMS = 30;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable table;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String name = "grp-" + suffix;
    private final List<String> streams = IntStream.range(0, STREAMS)
            .mapToObj(i -> "grp-%s.s%02d".formatted(suffix, i))
            .toList();
    private LocalWebhook receiver;

    @BeforeEach
    void start() {
        receiver = new LocalWebhook();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void thirtyStreamsFiringAtOnceSendOneMessageThenARepeat() throws Exception {
        // The default group_wait (10s) leaves the 30 alerts time to fire; repeat soon after.
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "url": "%s", "template": "slack",
                         "repeat_interval": "3s"}""".formatted(name, receiver.url("/slack")))
                .post("/api/receivers")
                .then()
                .statusCode(201);
        String rule = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "busy %s", "stream": "grp-%s.*", "expr": "count > 1", "window": "10m",
                         "severity": "warning", "receiver": "%s"}""".formatted(suffix, suffix, name))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Awaitility.await("the rule applied").atMost(WAIT).until(() -> table.get(rule) != null);

        send(3);
        JsonNode first = nextMessage();
        assertThat(first).as("the grouped message").isNotNull();
        assertThat(first.get("text").asText()).startsWith("30 firing on busy " + suffix + ": ");
        assertThat(listed(first)).containsExactlyElementsOf(streams);
        assertThat(first.at("/blocks/1/text/text").asText().split("\n")).hasSize(STREAMS);

        JsonNode repeat = nextMessage();
        assertThat(repeat).as("the repeat").isNotNull();
        assertThat(repeat.get("text").asText()).startsWith("30 firing on busy " + suffix + ": ");
        assertThat(listed(repeat)).containsExactlyElementsOf(streams);

        given().delete("/api/rules/" + rule).then().statusCode(204);
        Awaitility.await("the rule removed").atMost(WAIT).until(() -> table.get(rule) == null);
        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    /** The receiver's next message, null if none came in time. */
    private JsonNode nextMessage() throws InterruptedException {
        LocalWebhook.Call call = receiver.next("/slack", WAIT);
        return call == null ? null : call.json();
    }

    /** The streams the message's text lists after the colon. */
    private static List<String> listed(JsonNode message) {
        String text = message.get("text").asText();
        return Arrays.asList(text.substring(text.indexOf(": ") + 2).split(", "));
    }

    private void send(int perStream) {
        FlowEvents.send(bootstrap, streams, perStream);
    }
}

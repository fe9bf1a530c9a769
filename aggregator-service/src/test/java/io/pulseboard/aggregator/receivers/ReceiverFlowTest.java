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
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A rule naming a Slack receiver, on the real broker and database: when its alert fires, the local
 * HTTP receiver gets the Slack-shaped JSON with the receiver's header and content type.
 */
@QuarkusTest
@TestProfile(LoopbackWebhooksProfile.class)
@WithTestResource(PulseInfraTestResource.class)
class ReceiverFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable table;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String stream = "slack-" + suffix + ".api";
    private final String name = "slack-" + suffix;
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
    void aFiringRuleSendsTheSlackMessageWithTheHeader() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "url": "%s", "template": "slack",
                         "headers": {"X-Token": "t0ken"}, "content_type": "application/json; charset=utf-8"}""".formatted(name, receiver.url("/slack")))
                .post("/api/receivers")
                .then()
                .statusCode(201);
        String rule = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "busy \\"%s\\"", "stream": "%s", "expr": "count > 1", "window": "2m",
                         "severity": "critical", "labels": {"team": "payments"}, "receiver": "%s"}""".formatted(stream, stream, name))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Awaitility.await("the rule applied").atMost(WAIT).until(() -> table.get(rule) != null);

        send(5);
        LocalWebhook.Call call = receiver.next("/slack", WAIT);
        assertThat(call).as("the receiver's call").isNotNull();
        assertThat(call.header("X-Token")).isEqualTo("t0ken");
        assertThat(call.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
        JsonNode body = call.json();
        assertThat(body.get("text").asText())
                // The count it fired at depends on how the events were batched: 2 to 5.
                .matches("\\[firing] busy \"" + stream.replace(".", "\\.") + "\" on " + stream.replace(".", "\\.")
                        + ": count > 1 \\(value [2-5]\\.0\\)");
        assertThat(body.at("/blocks/0/text/text").asText()).contains("*busy \"" + stream + "\"* is *firing*");
        assertThat(body.at("/blocks/1/elements/0/text").asText()).isEqualTo("team=payments");

        given().delete("/api/rules/" + rule).then().statusCode(204);
        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    private void send(int count) {
        FlowEvents.send(bootstrap, List.of(stream), count);
    }
}

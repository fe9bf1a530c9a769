package io.pulseboard.aggregator.receivers;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.pulseboard.aggregator.alerts.LoopbackWebhooksProfile;
import io.pulseboard.aggregator.rules.RuleTable;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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

    /** One request as the local receiver saw it. */
    record Call(String token, String contentType, JsonNode body) {}

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable table;

    private final String suffix = UUID.randomUUID().toString().substring(0, 8);
    private final String stream = "slack-" + suffix + ".api";
    private final String name = "slack-" + suffix;
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private HttpServer receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/slack", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            calls.add(new Call(
                    exchange.getRequestHeaders().getFirst("X-Token"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    PulseJson.mapper().readTree(body)));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void aFiringRuleSendsTheSlackMessageWithTheHeader() throws Exception {
        given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%s", "url": "http://localhost:%d/slack", "template": "slack",
                         "headers": {"X-Token": "t0ken"}, "content_type": "application/json; charset=utf-8"}""".formatted(name, receiver.getAddress().getPort()))
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
        Call call = calls.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(call).as("the receiver's call").isNotNull();
        assertThat(call.token()).isEqualTo("t0ken");
        assertThat(call.contentType()).isEqualTo("application/json; charset=utf-8");
        assertThat(call.body().get("text").asText())
                // The count it fired at depends on how the events were batched: 2 to 5.
                .matches("\\[firing] busy \"" + stream.replace(".", "\\.") + "\" on " + stream.replace(".", "\\.")
                        + ": count > 1 \\(value [2-5]\\.0\\)");
        assertThat(call.body().at("/blocks/0/text/text").asText()).contains("*busy \"" + stream + "\"* is *firing*");
        assertThat(call.body().at("/blocks/1/elements/0/text").asText()).isEqualTo("team=payments");

        given().delete("/api/rules/" + rule).then().statusCode(204);
        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    private void send(int count) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                String event = "{\"stream\":\"%s\",\"time\":\"%s\",\"values\":{\"latency_ms\":1}}"
                        .formatted(stream, Instant.now());
                producer.send(new ProducerRecord<>(Topics.EVENTS, stream, event));
            }
        }
    }
}

package io.pulseboard.aggregator.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
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
 * A rule's whole life on the real broker and database: created over REST, events crossing its
 * threshold make the alert pending, then firing (on pulse.alerts, in /api/alerts, at the webhook);
 * it is acknowledged; events below the resolve threshold resolve it (pulse.alerts, the webhook,
 * the history with time to acknowledge and to resolve).
 */
@QuarkusTest
@TestProfile(LoopbackWebhooksProfile.class) // the webhook receiver below listens on loopback
@WithTestResource(PulseInfraTestResource.class)
class AlertFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final String stream = "alerts-" + UUID.randomUUID().toString().substring(0, 8) + ".api";
    private LocalWebhook webhook;
    private KafkaProducer<String, String> producer;

    @BeforeEach
    void start() {
        webhook = new LocalWebhook();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @AfterEach
    void stop() {
        producer.close();
        webhook.close();
    }

    @Test
    void pendingFiringAcknowledgedResolved() throws Exception {
        // A 2-minute window: events sent now stay in it for at least a minute, whatever the second.
        String ruleId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "slow %1$s", "stream": "alerts-*.api", "expr": "p95(latency_ms) > 500", "window": "2m",
                         "for": "1s", "keep_firing_for": "1s", "resolve": "p95(latency_ms) < 400", "severity": "critical",
                         "labels": {"team": "payments"}, "webhook": "%2$s"}""".formatted(stream, webhook.url("/hook")))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String key = ruleId + "/" + stream;

        send(10, 900);
        await("pending, then firing, on pulse.alerts", () -> states(key).contains(AlertState.FIRING));
        List<Alert> published = alerts(key);
        assertThat(published).extracting(Alert::state).startsWith(AlertState.PENDING, AlertState.FIRING);
        Alert firing = published.get(1);
        assertThat(firing.ruleName()).isEqualTo("slow " + stream);
        assertThat(firing.severity().jsonName()).isEqualTo("critical");
        assertThat(firing.expr()).isEqualTo("p95(latency_ms) > 500");
        assertThat(firing.threshold()).isEqualTo(500.0);
        assertThat(firing.value()).isGreaterThan(500.0);
        assertThat(firing.labels()).containsEntry("team", "payments");
        assertThat(firing.pendingAt()).isNotNull();
        assertThat(firing.firingAt()).isAfterOrEqualTo(firing.pendingAt().plusSeconds(1));
        assertThat(firing.revision()).isEqualTo(2);
        assertThat(published.get(0).id()).isEqualTo(firing.id());

        String id = firing.id();
        given().get("/api/alerts?state=firing&stream=alerts-*.api&severity=critical")
                .then()
                .statusCode(200)
                .body("find { it.id == '%s' }.stream".formatted(id), equalTo(stream));
        given().get("/api/alerts?stream=" + stream)
                .then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].state", equalTo("firing"))
                .body("[0].acknowledged_by", nullValue());
        given().get("/api/alerts?state=resolved&stream=" + stream)
                .then()
                .statusCode(200)
                .body("", hasSize(0));
        given().get("/api/alerts?since=" + Instant.now().plusSeconds(60) + "&stream=" + stream)
                .then()
                .statusCode(200)
                .body("", hasSize(0));

        LocalWebhook.Call firingCall = webhook.next("/hook", WAIT);
        assertThat(firingCall).as("the firing webhook call").isNotNull();
        Alert called = firingCall.alert();
        assertThat(called.id()).isEqualTo(id);
        assertThat(called.state()).isEqualTo(AlertState.FIRING);

        given().contentType(ContentType.JSON)
                .body("{\"by\": \"alice\", \"comment\": \"looking into it\"}")
                .post("/api/alerts/" + id + "/ack")
                .then()
                .statusCode(200)
                .body("state", equalTo("firing"))
                .body("acknowledged_by", equalTo("alice"))
                .body("comment", equalTo("looking into it"))
                .body("acknowledged_at", notNullValue())
                .body("time_to_acknowledge_s", notNullValue())
                .body("time_to_resolve_s", nullValue());
        given().contentType(ContentType.JSON)
                .body("{\"by\": \"bob\"}")
                .post("/api/alerts/" + id + "/ack")
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("already acknowledged by alice"));
        await(
                "the acknowledgement on pulse.alerts",
                () -> alerts(key).stream().anyMatch(a -> "alice".equals(a.acknowledgedBy())));

        // Far more fast events than slow ones: p95 drops below the resolve threshold.
        send(400, 50);
        await("resolved on pulse.alerts", () -> states(key).contains(AlertState.RESOLVED));
        Alert resolved = alerts(key).stream()
                .filter(a -> a.state() == AlertState.RESOLVED)
                .findFirst()
                .orElseThrow();
        assertThat(resolved.id()).isEqualTo(id);
        assertThat(resolved.acknowledgedBy()).as("the acknowledgement is kept").isEqualTo("alice");
        assertThat(resolved.resolvedAt()).isNotNull();
        assertThat(resolved.value()).isLessThan(400.0);
        assertThat(alerts(key)).extracting(Alert::revision).isSorted().doesNotHaveDuplicates();

        LocalWebhook.Call resolvedHook = webhook.next("/hook", WAIT);
        assertThat(resolvedHook).as("the resolved webhook call").isNotNull();
        Alert resolvedCall = resolvedHook.alert();
        assertThat(resolvedCall.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolvedCall.id()).isEqualTo(id);

        given().get("/api/alerts/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("resolved"))
                .body("acknowledged_by", equalTo("alice"))
                .body("time_to_acknowledge_s", notNullValue())
                .body("time_to_resolve_s", notNullValue())
                .body("history.event", equalTo(List.of("pending", "firing", "acknowledged", "resolved")))
                .body("history.revision", equalTo(List.of(1, 2, 3, 4)))
                .body("history[2].by", equalTo("alice"))
                .body("history[2].comment", equalTo("looking into it"));

        // A rule on a value the stream never reported is accepted, with a warning naming the ones it did.
        String typo = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "typo", "stream": "%s", "expr": "p95(latency_msx) > 1", "severity": "info"}""".formatted(stream))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .body("warnings[0]", containsString("unknown value name 'latency_msx'"))
                .body("warnings[0]", containsString("known: latency_ms"))
                .extract()
                .path("id");
        given().delete("/api/rules/" + typo).then().statusCode(204);

        // Deleting the rule keeps the alert's history.
        given().delete("/api/rules/" + ruleId).then().statusCode(204);
        given().get("/api/alerts/" + id).then().statusCode(200).body("state", equalTo("resolved"));
    }

    @Test
    void aCompoundRuleFiresForTheStreamThatMeetsEveryPart() throws Exception {
        String prefix = "cmp" + UUID.randomUUID().toString().substring(0, 8);
        String hot = prefix + ".hot"; // 200 events, 10 % errors: fires
        String fewErrors = prefix + ".few"; // 200 events, 2.5 % errors
        String fewEvents = prefix + ".small"; // 50 events, 50 % errors
        String compound = createRule(prefix, "errors / count > 0.05 and count > 100");
        // Its negation, as a witness that the streams were evaluated: it holds for the other two.
        String negated = createRule(prefix, "not (errors / count > 0.05 and count > 100)");

        // Errors spread evenly, so that no prefix of a stream's events meets the condition early.
        sendTo(fewErrors, 200, 40);
        sendTo(fewEvents, 50, 2);
        sendTo(hot, 200, 10);

        await(
                "the compound rule firing for " + hot,
                () -> states(compound + "/" + hot).contains(AlertState.FIRING));
        await(
                "its negation pending for the others",
                () -> !states(negated + "/" + fewErrors).isEmpty()
                        && !states(negated + "/" + fewEvents).isEmpty());
        // Both rules are evaluated together per stream, on the same window: the negation holding for
        // a stream means the compound rule was evaluated for it too, and did not hold.
        assertThat(states(compound + "/" + fewErrors)).isEmpty();
        assertThat(states(compound + "/" + fewEvents)).isEmpty();

        Alert firing = alerts(compound + "/" + hot).stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .findFirst()
                .orElseThrow();
        assertThat(firing.expr()).isEqualTo("errors / count > 0.05 and count > 100");
        // Value and threshold: the sides of the first comparison (both hold).
        assertThat(firing.threshold()).isEqualTo(0.05);
        assertThat(firing.value()).isGreaterThan(0.05).isLessThanOrEqualTo(0.1);

        given().delete("/api/rules/" + compound).then().statusCode(204);
        given().delete("/api/rules/" + negated).then().statusCode(204);
    }

    private static String createRule(String prefix, String expr) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%1$s %2$s", "stream": "%1$s.*", "expr": "%2$s", "window": "2m", "for": "1s",
                         "severity": "warning"}""".formatted(prefix, expr))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .body("expr", equalTo(expr))
                .extract()
                .path("id");
    }

    /** {@code count} events to {@code target}, every {@code errorEvery}-th an error. */
    private void sendTo(String target, int count, int errorEvery) throws Exception {
        for (int i = 1; i <= count; i++) {
            String event = "{\"stream\":\"%s\",\"time\":\"%s\",\"status\":\"%s\"}"
                    .formatted(target, Instant.now(), i % errorEvery == 0 ? "error" : "ok");
            producer.send(new ProducerRecord<>(Topics.EVENTS, target, event));
        }
        producer.flush();
    }

    @Test
    void refusesBadQueriesAndUnknownAlerts() {
        given().get("/api/alerts?state=burning")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("state 'burning' is unknown"));
        given().get("/api/alerts?severity=loud")
                .then()
                .statusCode(400)
                .body("detail", containsString("severity 'loud' is unknown"));
        given().get("/api/alerts?since=yesterday").then().statusCode(400).body("detail", containsString("is no time"));
        given().get("/api/alerts?stream=Bad.Name").then().statusCode(400).body("detail", containsString("stream:"));
        given().get("/api/alerts?limit=0").then().statusCode(400).body("detail", containsString("limit"));
        given().get("/api/alerts/nope").then().statusCode(404).contentType(startsWith("application/problem+json"));
        given().contentType(ContentType.JSON)
                .body("{\"by\": \"alice\"}")
                .post("/api/alerts/nope/ack")
                .then()
                .statusCode(404);
        given().contentType(ContentType.JSON)
                .body("{\"comment\": \"who?\"}")
                .post("/api/alerts/nope/ack")
                .then()
                .statusCode(400)
                .body("detail", containsString("by is required"));
    }

    // ---------------------------------------------------------------------------------------------

    private void send(int count, double latency) throws Exception {
        for (int i = 0; i < count; i++) {
            String event = "{\"stream\":\"%s\",\"time\":\"%s\",\"values\":{\"latency_ms\":%s}}"
                    .formatted(stream, Instant.now(), latency);
            producer.send(new ProducerRecord<>(Topics.EVENTS, stream, event));
        }
        producer.flush();
    }

    private List<Alert> alerts(String key) {
        return AlertsOnTopic.of(bootstrap, key);
    }

    private List<AlertState> states(String key) {
        return AlertsOnTopic.states(bootstrap, key);
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
    }
}

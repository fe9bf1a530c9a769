package io.pulseboard.aggregator.preview;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The preview against the live evaluator on the real broker and database: the same events, the same
 * rule, the same answer; and the preview's refusals.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class PreviewFlowTest {

    private static final String PROBLEM = "application/problem+json";
    private static final Duration STEP = Duration.ofMinutes(1);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private final String prefix = "preview-" + UUID.randomUUID().toString().substring(0, 8);

    private static String rule(String stream, String expr) {
        return """
                {"name": "busy", "stream": "%s", "expr": "%s", "window": "5m", "severity": "warning"}""".formatted(stream, expr);
    }

    @Test
    void previewEqualsWhatTheLiveEvaluatorDid() {
        String hot = prefix + ".hot";
        String calm = prefix + ".calm";
        String rule = rule(prefix + ".*", "count > 20");
        given().contentType(ContentType.JSON)
                .body(rule)
                .post("/api/rules")
                .then()
                .statusCode(201);

        // Both streams: one event a minute over the last 30 minutes (at most 5 in a 5-minute window);
        // then 30 more on the hot stream, now: it breaches, the calm one never does.
        Instant from = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(30));
        try (KafkaProducer<String, String> producer = producer()) {
            for (int m = 0; m < 30; m++) {
                Instant t = from.plus(Duration.ofMinutes(m)).plusSeconds(10);
                send(producer, hot, t);
                send(producer, calm, t);
            }
            producer.flush();
            for (int i = 0; i < 30; i++) {
                send(producer, hot, Instant.now());
            }
        }
        Awaitility.await("the live alert of the hot stream")
                .atMost(Duration.ofSeconds(30))
                .until(() -> given().get("/api/alerts?state=firing&stream=" + hot)
                                .jsonPath()
                                .getList("")
                                .size()
                        == 1);
        Instant liveFiringAt = Instant.parse(
                given().get("/api/alerts?stream=" + hot).jsonPath().getString("[0].firing_at"));
        given().get("/api/alerts?stream=" + calm).then().statusCode(200).body("", hasSize(0));

        // The minute rows are checkpointed a little after the live evaluation: wait for both streams'.
        String body = "{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\", \"step\": \"1m\"}"
                .formatted(rule, from, Instant.now().plus(Duration.ofMinutes(2)));
        JsonPath preview = Awaitility.await("the preview of both streams")
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> given().contentType(ContentType.JSON)
                                .body(body)
                                .post("/api/rules/preview")
                                .then()
                                .statusCode(200)
                                .extract()
                                .jsonPath(),
                        p -> p.getList("streams.stream").equals(List.of(calm, hot))
                                && !p.getList("streams[1].alerts").isEmpty());

        assertThat(preview.getString("from")).isEqualTo(from.toString());
        assertThat(preview.getString("step")).isEqualTo("1m");
        assertThat(preview.getBoolean("truncated")).isFalse();
        // A to after now is taken as now: not in the future, and every step up to it evaluated per stream,
        // and to itself unless a step falls on it.
        Instant to = Instant.parse(preview.getString("to"));
        assertThat(to).isBeforeOrEqualTo(Instant.now());
        long steps = Duration.between(from, to).dividedBy(STEP) + 1;
        boolean onGrid = from.plus(STEP.multipliedBy(steps - 1)).equals(to);
        assertThat(preview.getLong("evaluations")).isEqualTo(2 * (onGrid ? steps : steps + 1));
        assertThat(preview.getList("streams[0].alerts"))
                .as("the calm stream never fires")
                .isEmpty();
        assertThat(preview.getLong("streams[0].firing_minutes")).isZero();

        List<Map<String, Object>> alerts = preview.getList("streams[1].alerts");
        assertThat(alerts).hasSize(1);
        Map<String, Object> alert = alerts.get(0);
        assertThat(alert.get("resolved_at"))
                .as("still firing at the end of the range")
                .isNull();
        assertThat(((Number) alert.get("max_value")).doubleValue()).isGreaterThan(20);
        Instant firingAt = Instant.parse((String) alert.get("firing_at"));
        // Not exactly the live firing_at: the live evaluator runs at wall-clock instants as events arrive
        // and sees only the events arrived by then; the preview evaluates at the step instants (from,
        // from + 1m, ...) and each window holds its minutes whole, so it sees the burst at the start of
        // the burst's minute. Hence the preview fires on the step grid, at or before the live alert and
        // at most one step before the grid instant of the live alert's minute.
        Instant liveStep =
                from.plus(STEP.multipliedBy(Duration.between(from, liveFiringAt).dividedBy(STEP)));
        assertThat(firingAt).isBeforeOrEqualTo(liveFiringAt).isAfterOrEqualTo(liveStep.minus(STEP));
        assertThat(Instant.parse((String) alert.get("pending_at"))).isEqualTo(firingAt); // no "for"

        // Off the minute grid, over hours, with a longer window: the same alert, at a step within the burst's minute.
        String longer = rule(prefix + ".*", "count > 20").replace("\"5m\"", "\"10m\"");
        JsonPath offGrid = given().contentType(ContentType.JSON)
                .body("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(
                                longer, Instant.now().minus(Duration.ofHours(4)).minusMillis(123), Instant.now()))
                .post("/api/rules/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(offGrid.getList("streams.stream")).isEqualTo(List.of(calm, hot));
        assertThat(offGrid.getList("streams[0].alerts")).isEmpty();
        assertThat(offGrid.getList("streams[1].alerts")).hasSize(1);

        // Two streams over 4 h 45 min (of the 5 h of minutes kept in tests) at 1m: 572, over the cap of 500 (tests).
        post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule, Instant.now().minus(Duration.ofMinutes(285)), Instant.now()))
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("evaluations, more than 500 (pulse.preview.max-evaluations)"));
    }

    @Test
    void aRangeLongerThanThirtyDaysIsRefused() {
        Instant now = Instant.now();
        post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule("x.*", "count > 1"), now.minus(Duration.ofDays(31)), now))
                .statusCode(400)
                .body("detail", containsString("is longer than 30 days (pulse.preview.max-range)"));
    }

    @Test
    void aFromBeforeTheMinutesKeptIsRefusedNamingTheOldestAllowed() {
        Instant now = Instant.now();
        Instant oldest = Instant.parse(post("{\"rule\": %s, \"from\": \"%s\", \"to\": \"%s\"}"
                        .formatted(rule("x.*", "count > 1"), now.minus(Duration.ofHours(6)), now))
                .statusCode(400)
                .body("detail", containsString("is before the oldest allowed, "))
                .body("detail", containsString("kept 5 h (pulse.retention.minutes)"))
                .extract()
                .path("oldest_from"));
        // 5 h of minutes kept, less the 5-minute window the first evaluation needs.
        assertThat(Duration.between(now, oldest).abs())
                .isLessThanOrEqualTo(Duration.ofHours(5).minusMinutes(5).plusSeconds(60))
                .isGreaterThanOrEqualTo(Duration.ofHours(5).minusMinutes(5).minusSeconds(60));
    }

    @Test
    void theRuleIsValidatedAsOnSaveWithItsFieldsUnderRule() {
        Instant now = Instant.now();
        String range = ", \"from\": \"%s\", \"to\": \"%s\"}".formatted(now.minus(Duration.ofHours(1)), now);
        post("{\"rule\": " + rule("x.*", "p95(latency_ms >") + range)
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors[0].field", equalTo("rule.expr"))
                .body("errors[0].position", equalTo(15))
                .body("detail", equalTo("the rule has 1 problem: rule.expr: expected ')' at 15, found '>'"));
        post("{\"rule\": {\"stream\": \"Bad Glob\", \"expr\": \"count > 1\", \"typo\": 1}" + range)
                .statusCode(400)
                .body("errors.field", hasItem("rule.typo"));
        post("{\"rule\": {\"stream\": \"Bad Glob\", \"expr\": \"count > 1\"}" + range)
                .statusCode(400)
                .body("errors.field", hasItem("rule.stream"))
                .body("errors.field", hasItem("rule.severity"))
                .body("errors.field", hasItem("rule.name"));
        post("{\"from\": \"%s\"}".formatted(now)).statusCode(400).body("detail", containsString("rule is required"));
        post("{\"rule\": " + rule("x.*", "count > 1") + ", \"from\": \"yesterday\", \"to\": \"%s\"}".formatted(now))
                .statusCode(400)
                .body("detail", containsString("from: 'yesterday' is not an ISO-8601 time"));
        post("{\"rule\": " + rule("x.*", "count > 1") + range.replace("}", ", \"step\": \"30s\"}"))
                .statusCode(400)
                .body("detail", containsString("step: 30s is shorter than 1m"));
        post("{\"rule\": " + rule("x.*", "count > 1")
                        + ", \"from\": \"%s\", \"to\": \"%s\"}".formatted(now, now.minus(Duration.ofHours(1))))
                .statusCode(400)
                .body("detail", containsString("must be after from"));

        // A valid rule is answered (no stream matches it) and not stored.
        String name = "never saved " + prefix;
        post("{\"rule\": " + rule("x.*", "count > 1").replace("\"busy\"", "\"" + name + "\"") + range)
                .statusCode(200)
                .body("streams", hasSize(0))
                .body("evaluations", equalTo(0));
        given().get("/api/rules").then().statusCode(200).body("name", not(hasItem(name)));
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/rules/preview")
                .then();
    }

    private KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    private static void send(KafkaProducer<String, String> producer, String stream, Instant time) {
        producer.send(new ProducerRecord<>(
                Topics.EVENTS,
                stream,
                "{\"stream\":\"%s\",\"time\":\"%s\",\"status\":\"ok\"}".formatted(stream, time)));
    }
}

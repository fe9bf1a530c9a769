package io.pulseboard.aggregator.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Rules over windows of hours and with an offset on the real broker and database: the hours before
 * the last two come from roll-ups of stored hours (here hours filled by late events, read again once
 * their checkpoint stored them), the last two and the minutes from memory.
 */
@QuarkusTest
@TestProfile(LoopbackWebhooksProfile.class) // shares the application of the other alert flow tests
@WithTestResource(PulseInfraTestResource.class)
class LongWindowFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(40);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aDayRuleAddsStoredHoursToTheLiveHour() {
        String prefix = "day" + UUID.randomUUID().toString().substring(0, 8);
        String over = prefix + ".over"; // 3 × 40 in 24 h: over 100, no hour alone is
        String under = prefix + ".under"; // 3 × 30: under
        String rule = createRule(prefix, "sum(cost_usd) > 100", "24h");
        // A witness that the second stream's whole day was evaluated: it holds only with all three hours.
        String witness = createRule(prefix, "sum(cost_usd) > 80 and sum(cost_usd) <= 100", "24h");

        Instant now = Instant.now();
        // Hours several hours ago (counted as late events: the test profile accepts a day), and now.
        for (Instant t : List.of(now.minus(Duration.ofHours(4)), now.minus(Duration.ofHours(3)), now)) {
            send(over, t, 40);
            send(under, t, 30);
        }

        await("the day rule firing for " + over, () -> states(rule + "/" + over).contains(AlertState.FIRING));
        await(
                "the witness firing for " + under,
                () -> states(witness + "/" + under).contains(AlertState.FIRING));
        assertThat(states(rule + "/" + under)).as("under 100 in the day").isEmpty();
        assertThat(states(witness + "/" + over)).as("over 100 once all is read").doesNotContain(AlertState.FIRING);
        Alert firing = alerts(rule + "/" + over).stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .findFirst()
                .orElseThrow();
        assertThat(firing.value()).isEqualTo(120.0);
        assertThat(firing.threshold()).isEqualTo(100.0);

        given().delete("/api/rules/" + rule).then().statusCode(204);
        given().delete("/api/rules/" + witness).then().statusCode(204);
    }

    @Test
    void anOffsetComparesWithTheSameWindowAnHourBefore() {
        String prefix = "off" + UUID.randomUUID().toString().substring(0, 8);
        String tripled = prefix + ".tripled"; // p95 now 3 × an hour ago: fires
        String slower = prefix + ".slower"; // 1.2 ×: does not
        String rule = createRule(prefix, "p95(latency_ms) > 2 * p95(latency_ms) offset 1h", "5m");
        // A witness that the second stream was evaluated over both windows.
        String witness = createRule(prefix, "p95(latency_ms) > 1.1 * p95(latency_ms) offset 1h", "5m");

        // Sent now, timed now and an hour ago: each set is in its window (the same minutes, an hour
        // apart) for the next four minutes, whenever the rules are evaluated.
        Instant now = Instant.now();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        sendLatency(tripled, hourAgo, 100);
        sendLatency(slower, hourAgo, 100);
        sendLatency(tripled, now, 300);
        sendLatency(slower, now, 120);

        await(
                "the offset rule firing for " + tripled,
                () -> states(rule + "/" + tripled).contains(AlertState.FIRING));
        await(
                "the witness firing for " + slower,
                () -> states(witness + "/" + slower).contains(AlertState.FIRING));
        assertThat(states(rule + "/" + slower)).as("1.2 × is not over 2 ×").isEmpty();
        Alert firing = alerts(rule + "/" + tripled).stream()
                .filter(a -> a.state() == AlertState.FIRING)
                .findFirst()
                .orElseThrow();
        assertThat(firing.value()).isCloseTo(300.0, org.assertj.core.api.Assertions.within(3.0));
        assertThat(firing.threshold()).isCloseTo(200.0, org.assertj.core.api.Assertions.within(2.0));

        given().delete("/api/rules/" + rule).then().statusCode(204);
        given().delete("/api/rules/" + witness).then().statusCode(204);
    }

    private static String createRule(String prefix, String expr, String window) {
        return given().contentType(ContentType.JSON)
                .body("""
                        {"name": "%1$s %2$s", "stream": "%1$s.*", "expr": "%2$s", "window": "%3$s", "for": "1s",
                         "severity": "warning"}""".formatted(prefix, expr, window))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .body("expr", equalTo(expr))
                .extract()
                .path("id");
    }

    /** Ten events at {@code time} whose {@code cost_usd} adds up to {@code total}. */
    private void send(String stream, Instant time, double total) {
        FlowEvents.send(bootstrap, stream, time, 10, "cost_usd", total / 10);
    }

    /** Forty events at {@code time} with {@code latency_ms}. */
    private void sendLatency(String stream, Instant time, double latency) {
        FlowEvents.send(bootstrap, stream, time, 40, "latency_ms", latency);
    }

    private List<Alert> alerts(String key) {
        return AlertsOnTopic.of(bootstrap, key);
    }

    private List<AlertState> states(String key) {
        return AlertsOnTopic.states(bootstrap, key);
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(condition::getAsBoolean);
    }
}

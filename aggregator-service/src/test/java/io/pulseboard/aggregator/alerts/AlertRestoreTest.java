package io.pulseboard.aggregator.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.rules.RuleTable;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Event;
import io.pulseboard.model.Status;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * An instance that takes a partition over continues its live alerts from PostgreSQL: nothing fires
 * again, and the alert it continues is the one that resolves. Two evaluators play the old and the
 * new owner of a partition number the running pipeline does not use, over a partition state built
 * here; the rule, the database and the topics are the real ones.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class AlertRestoreTest {

    private static final int PARTITION = 999;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable rules;

    @Inject
    AlertRecorder recorder;

    @Inject
    AlertsConfig config;

    @Inject
    MeterRegistry registry;

    @Inject
    StoredRows stored;

    private final String stream = "restore-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aNewOwnerContinuesFiringAlertsWithoutFiringAgain() throws Exception {
        String ruleId = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "max", "stream": "%s", "expr": "max(latency_ms) > 100", "window": "5m", "severity": "warning"}""".formatted(stream))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Awaitility.await("the rule in the rule table")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> rules.get(ruleId) != null);
        String key = ruleId + "/" + stream;

        Instant now = Instant.now();
        PartitionState state = new PartitionState();
        state.apply(new Event(stream, now, Status.OK, null, Map.of("latency_ms", 500.0), Map.of(), null, null), now);

        AlertEvaluator first = new AlertEvaluator(rules, recorder, config, stored, registry);
        first.restore(List.of(PARTITION));
        first.evaluate(PARTITION, state, state.drainDirty(), now);
        first.forget(List.of(PARTITION)); // the partition moves: its changes are written first
        assertThat(states(key)).containsExactly(AlertState.FIRING);

        AlertEvaluator second = new AlertEvaluator(rules, recorder, config, stored, registry);
        second.restore(List.of(PARTITION));
        for (int s = 1; s <= 3; s++) {
            second.evaluate(PARTITION, state, List.of(), now.plusSeconds(s));
        }
        second.forget(List.of(PARTITION));
        assertThat(states(key)).as("still firing, not fired again").containsExactly(AlertState.FIRING);
        given().get("/api/alerts?stream=" + stream).then().body("", hasSize(1)).body("[0].state", equalTo("firing"));

        // The condition clears: the restored alert is the one that resolves.
        PartitionState later = new PartitionState();
        Instant after = now.plusSeconds(10);
        later.apply(new Event(stream, after, Status.OK, null, Map.of("latency_ms", 5.0), Map.of(), null, null), after);
        second.restore(List.of(PARTITION));
        second.evaluate(PARTITION, later, later.drainDirty(), after);
        second.forget(List.of(PARTITION));
        List<Alert> published = alerts(key);
        assertThat(published).extracting(Alert::state).containsExactly(AlertState.FIRING, AlertState.RESOLVED);
        assertThat(published.get(1).id()).isEqualTo(published.get(0).id());
        given().get("/api/alerts/" + published.get(0).id())
                .then()
                .body("history.event", equalTo(List.of("firing", "resolved")));
    }

    /** The alert's messages on pulse.alerts, once there are as many as the stored revisions (or after 20 s, as they are). */
    private List<Alert> alerts(String key) {
        // Stored before published: wait for the messages of what is stored.
        try {
            return Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> published(key), found -> found.size() == storedRevisions());
        } catch (ConditionTimeoutException e) {
            return published(key); // no failure here: the caller's assertion shows what is missing
        }
    }

    private List<Alert> published(String key) {
        return AlertsOnTopic.of(bootstrap, key);
    }

    private long storedRevisions() {
        return given().get("/api/alerts?stream=" + stream).then().extract().jsonPath().getList("revision").stream()
                .mapToLong(r -> ((Number) r).longValue())
                .sum();
    }

    private List<AlertState> states(String key) {
        return alerts(key).stream().map(Alert::state).toList();
    }
}

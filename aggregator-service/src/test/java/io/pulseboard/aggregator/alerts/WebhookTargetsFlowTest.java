package io.pulseboard.aggregator.alerts;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.aggregator.rules.RuleEntity;
import io.pulseboard.aggregator.rules.RuleTable;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook targets on the real broker and database, with loopback allowed by the name localhost only
 * ({@link LoopbackWebhooksProfile}): a rule calling http://localhost is called; a rule calling
 * http://127.0.0.1 is refused over REST, and one already stored (as if saved while the setting
 * allowed it) still fires its alert, but its webhook is never called: the check before each call
 * refuses it and counts it.
 */
@QuarkusTest
@TestProfile(LoopbackWebhooksProfile.class)
@WithTestResource(PulseInfraTestResource.class)
class WebhookTargetsFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern REFUSED =
            Pattern.compile("pulse_alerts_webhook_calls_total\\{[^}]*outcome=\"refused\"[^}]*} ([0-9.eE+]+)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable table;

    private final String stream = "hooks-" + UUID.randomUUID().toString().substring(0, 8) + ".api";
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
    void callsAllowedTargetsOnlyWhenSavedAndWhenCalled() throws Exception {
        int port = receiver.port();
        String allowedRule = given().contentType(ContentType.JSON)
                .body(rule("allowed", "http://localhost:" + port + "/allowed"))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        given().contentType(ContentType.JSON)
                .body(rule("refused", "http://127.0.0.1:" + port + "/refused"))
                .post("/api/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("webhook"))
                .body("errors[0].message", containsString("127.0.0.1 is a loopback address"));

        // The same rule stored without the REST check, as if saved while the setting allowed it.
        String storedRule = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        VertxContexts.await(() -> Panache.withTransaction(() -> {
            RuleEntity e = new RuleEntity();
            e.id = storedRule;
            e.name = "refused " + stream;
            e.stream = stream;
            e.expr = "count > 1";
            e.window = "2m";
            e.severity = "warning";
            e.enabled = true;
            e.labels = "{}";
            e.webhook = "http://127.0.0.1:" + port + "/refused";
            e.createdAt = now;
            e.updatedAt = now;
            return e.persist();
        }));
        // The reconciler publishes what pulse.rules lacks; then every instance applies it.
        Awaitility.await("both rules applied")
                .atMost(WAIT)
                .until(() -> table.get(allowedRule) != null && table.get(storedRule) != null);
        double refusedBefore = refusedCount();

        send(5);
        LocalWebhook.Call called = receiver.next("/allowed", WAIT);
        assertThat(called).as("the allowed webhook call").isNotNull();
        assertThat(called.alert().ruleId()).isEqualTo(allowedRule);
        Awaitility.await("the stored rule's alert fires")
                .atMost(WAIT)
                .until(() -> given().get("/api/alerts?state=firing&stream=" + stream)
                        .then()
                        .extract()
                        .jsonPath()
                        .getList("rule_id")
                        .contains(storedRule));
        Awaitility.await("its webhook call refused and counted")
                .atMost(WAIT)
                .until(() -> refusedCount() > refusedBefore);
        assertThat(receiver.calls("/refused"))
                .as("calls that reached the refused target")
                .isEmpty();
        assertThat(receiver.calls("/allowed")).as("no further calls").isEmpty();

        given().delete("/api/rules/" + allowedRule).then().statusCode(204);
        given().delete("/api/rules/" + storedRule).then().statusCode(204);
    }

    // ---------------------------------------------------------------------------------------------

    private String rule(String name, String webhook) {
        return """
                {"name": "%s %s", "stream": "%s", "expr": "count > 1", "window": "2m", "severity": "warning",
                 "webhook": "%s"}""".formatted(name, stream, stream, webhook);
    }

    private void send(int count) {
        FlowEvents.send(bootstrap, List.of(stream), count);
    }

    private static double refusedCount() {
        Matcher m = REFUSED.matcher(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

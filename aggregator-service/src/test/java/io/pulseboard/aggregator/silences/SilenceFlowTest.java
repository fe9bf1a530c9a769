package io.pulseboard.aggregator.silences;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

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
import java.time.Instant;
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
 * Silences on the real broker and database, with a rule whose webhook is a receiver on this machine:
 * a silenced stream's alert fires, is recorded and shown with {@code silenced_by}, and its webhook
 * is not called; a stream the silence does not match is notified; once the silence is ended, the
 * next alert of a stream it matched is notified again.
 */
@QuarkusTest
@TestProfile(LoopbackWebhooksProfile.class)
@WithTestResource(PulseInfraTestResource.class)
class SilenceFlowTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern SILENCED = Pattern.compile("pulse_alerts_silenced_total(?:\\{[^}]*})? ([0-9.eE+]+)");

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable table;

    private final String prefix = "sil-" + UUID.randomUUID().toString().substring(0, 8);
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
    void aSilencedAlertIsRecordedButNotNotifiedUntilTheSilenceEnds() throws Exception {
        String quiet = prefix + ".quiet";
        String loud = prefix + ".loud";
        String later = prefix + ".quiet2";
        String rule = given().contentType(ContentType.JSON)
                .body("""
                        {"name": "silences %s", "stream": "%s.*", "expr": "count > 1", "window": "2m",
                         "severity": "warning", "labels": {"team": "payments"},
                         "webhook": "%s"}""".formatted(prefix, prefix, receiver.url("/hook")))
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        Awaitility.await("the rule applied").atMost(WAIT).until(() -> table.get(rule) != null);
        String silence = given().contentType(ContentType.JSON)
                .body("""
                        {"matchers": {"rule_id": "%s", "stream": "%s.quiet*", "labels": {"team": "payments"}},
                         "ends_at": "%s", "created_by": "ops", "comment": "deploy"}""".formatted(rule, prefix, Instant.now().plus(Duration.ofHours(1))))
                .post("/api/silences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        double silencedBefore = silencedCount();

        send(quiet, 5);
        Awaitility.await("the silenced alert fires and is counted as silenced")
                .atMost(WAIT)
                .until(() -> firing(quiet).size() == 1 && silencedCount() > silencedBefore);
        given().get("/api/alerts?state=firing&stream=" + quiet)
                .then()
                .body("[0].silenced_by", equalTo(List.of(silence)))
                .body("[0].rule_id", equalTo(rule));
        String quietAlert = firing(quiet).get(0);
        given().get("/api/alerts/" + quietAlert)
                .then()
                .body("silenced_by", equalTo(List.of(silence)))
                .body("history.event", hasItem("firing"));

        send(loud, 5);
        LocalWebhook.Call called = receiver.next("/hook", WAIT);
        assertThat(called).as("the webhook call of the stream not silenced").isNotNull();
        assertThat(called.alert().stream()).isEqualTo(loud);
        given().get("/api/alerts?state=firing&stream=" + loud).then().body("[0].silenced_by", equalTo(List.of()));
        assertThat(receiver.calls("/hook"))
                .as("no call for the silenced stream")
                .isEmpty();

        given().delete("/api/silences/" + silence).then().statusCode(200).body("state", equalTo("expired"));
        given().get("/api/alerts/" + quietAlert).then().body("silenced_by", equalTo(List.of()));
        send(later, 5);
        LocalWebhook.Call next = receiver.next("/hook", WAIT);
        assertThat(next).as("the call once the silence ended").isNotNull();
        assertThat(next.alert().stream()).isEqualTo(later);
        assertThat(receiver.calls("/hook")).isEmpty();

        given().delete("/api/rules/" + rule).then().statusCode(204);
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> firing(String stream) {
        return given().get("/api/alerts?state=firing&stream=" + stream)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("id");
    }

    private void send(String stream, int count) {
        FlowEvents.send(bootstrap, List.of(stream), count);
    }

    private static double silencedCount() {
        Matcher m = SILENCED.matcher(
                given().get("/q/metrics").then().statusCode(200).extract().asString());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}

package io.pulseboard.aggregator.rules;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.aggregator.receivers.ReceiverEntity;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rules API over HTTP on the real database and broker: the whole cycle, every refusal, and pulse.rules. */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class RuleResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Inject
    RuleTable table;

    @Inject
    RulePublisher publisher;

    @Inject
    RuleReconciler reconciler;

    @ConfigProperty(name = "pulse.rules.reconcile-after")
    Duration reconcileAfter;

    private final String stream = "rules-" + UUID.randomUUID().toString().substring(0, 8) + ".api";

    private String rule(String extra) {
        return """
                {"name": "p95 latency", "stream": "%s", "expr": "p95(latency_ms) > 500", "window": "5m",
                 "for": "1m", "keep_firing_for": "2m", "resolve": "p95(latency_ms) < 400", "severity": "critical",
                 "description": "slow", "labels": {"team": "payments"}, "webhook": "http://hooks.example.internal/alerts"%s}
                """.formatted(stream, extra);
    }

    private ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/rules")
                .then();
    }

    @Test
    void createReadChangeDisableEnableDelete() {
        String id = post(rule(""))
                .statusCode(201)
                .header("Location", containsString("/api/rules/"))
                .body("name", equalTo("p95 latency"))
                .body("stream", equalTo(stream))
                .body("expr", equalTo("p95(latency_ms) > 500"))
                .body("window", equalTo("5m"))
                .body("for", equalTo("1m"))
                .body("keep_firing_for", equalTo("2m"))
                .body("resolve", equalTo("p95(latency_ms) < 400"))
                .body("severity", equalTo("critical"))
                .body("enabled", equalTo(true))
                .body("labels.team", equalTo("payments"))
                .body("webhook", equalTo("http://hooks.example.internal/alerts"))
                .body("version", equalTo(0))
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                // No stream of that name has had events: accepted, with a warning.
                .body("warnings", hasItem(containsString("no stream matching '" + stream + "'")))
                .extract()
                .path("id");

        given().get("/api/rules").then().statusCode(200).body("id", hasItem(id));
        String read = given().get("/api/rules/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("version", equalTo(0))
                .body("warnings", nullValue())
                .extract()
                .asString();

        // Change what was read and send it back as it is (id, times and version included).
        String changed = read.replace("\"p95(latency_ms) > 500\"", "\"p99(latency_ms) >= 800\"");
        given().contentType(ContentType.JSON)
                .body(changed)
                .put("/api/rules/" + id)
                .then()
                .statusCode(200)
                .body("expr", equalTo("p99(latency_ms) >= 800"))
                .body("version", equalTo(1));
        // The same change again, made from the stale read: refused, nothing changed.
        given().contentType(ContentType.JSON)
                .body(read)
                .put("/api/rules/" + id)
                .then()
                .statusCode(409)
                .contentType(startsWith(PROBLEM))
                .body("detail", containsString("changed since version 0 (it is at version 1)"))
                .body("current_version", equalTo(1));
        given().get("/api/rules/" + id).then().body("expr", equalTo("p99(latency_ms) >= 800"));

        given().post("/api/rules/" + id + "/disable")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false))
                .body("version", equalTo(2));
        await(
                "the rule disabled in the rule table",
                () -> table.get(id) != null && !table.get(id).enabled());
        assertThat(table.matching(stream)).extracting(CompiledRule::id).doesNotContain(id);
        given().post("/api/rules/" + id + "/enable")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("version", equalTo(3));
        await(
                "the rule enabled again in the rule table",
                () -> table.get(id) != null && table.get(id).enabled());
        assertThat(table.matching(stream)).extracting(CompiledRule::id).contains(id);
        assertThat(table.get(id).expr().toString()).isEqualTo("p99(latency_ms) >= 800");

        given().delete("/api/rules/" + id).then().statusCode(204);
        given().get("/api/rules/" + id)
                .then()
                .statusCode(404)
                .contentType(startsWith(PROBLEM))
                .body("detail", equalTo("no rule with id '" + id + "'"));
        given().get("/api/rules").then().body("id", not(hasItem(id)));
        await("the deleted rule gone from the rule table", () -> table.get(id) == null);

        // pulse.rules: every version in order, then the tombstone.
        List<ConsumerRecord<String, String>> records = TopicReader.readAll(bootstrap, Topics.RULES).stream()
                .filter(r -> id.equals(r.key()))
                .toList();
        assertThat(records).hasSize(5);
        assertThat(records.subList(0, 4))
                .extracting(r -> PulseJson.fromJson(r.value(), AlertRule.class).version())
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(records.get(4).value()).as("tombstone").isNull();
    }

    @Test
    void unknownIdsAre404() {
        String missing = "no-such-rule";
        given().get("/api/rules/" + missing).then().statusCode(404).contentType(startsWith(PROBLEM));
        given().contentType(ContentType.JSON)
                .body(rule(",\"version\":0"))
                .put("/api/rules/" + missing)
                .then()
                .statusCode(404)
                .contentType(startsWith(PROBLEM));
        given().delete("/api/rules/" + missing).then().statusCode(404).contentType(startsWith(PROBLEM));
        given().post("/api/rules/" + missing + "/enable").then().statusCode(404).contentType(startsWith(PROBLEM));
        given().post("/api/rules/" + missing + "/disable")
                .then()
                .statusCode(404)
                .contentType(startsWith(PROBLEM));
    }

    @Test
    void defaultsAndMinimalRule() {
        post("""
                {"name": "silent", "stream": "%s", "expr": "count < 10", "severity": "warning"}""".formatted(stream))
                .statusCode(201)
                .body("window", equalTo("5m"))
                .body("enabled", equalTo(true))
                .body("for", nullValue())
                .body("webhook", nullValue());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '~',
            value = {
                "~\"expr\": \"p95(latency_ms >\"~                | expr            | expected ')' at 15, found '>'",
                "~\"expr\": \"p96(latency_ms) > 1\"~             | expr            | unknown metric 'p96' at 0",
                "~\"expr\": \"count >\"~                         | expr            | a number or '(' at 7, found the end",
                "~\"expr\": \"errors / count\"~                  | expr            | expected an operator (>, >=, <, <=, ==, !=) at 14",
                "~\"expr\": \"count > 1 AND rate > 1\"~          | expr            | keywords are lowercase: expected 'and' at 10",
                "~\"resolve\": \"p95(latency_ms) <\"~            | resolve         | a number or '(' at 17, found the end",
                "~\"window\": \"0m\"~                            | window          | a window is 1m to 60m, or 2h to 7d",
                "~\"window\": \"61m\"~                           | window          | a window over 60m is whole hours",
                "~\"window\": \"90s\"~                           | window          | a window is 1m to 60m, or 2h to 7d",
                "~\"window\": \"8d\"~                            | window          | a window is 1m to 60m, or 2h to 7d",
                "~\"expr\": \"count > count offset 2d\"~         | expr            | a window up to 60m takes offsets up to 24h",
                "~\"expr\": \"count > count offset 8d\"~         | expr            | the offset '8d' at 21 is out of range: 1m to 7d",
                "~\"window\": \"24h\", \"expr\": \"count > count offset 90m\"~ | expr | a window over 60m is whole hours, and so are its offsets",
                "~\"window\": \"5 minutes\"~                     | window          | is no duration",
                "~\"for\": \"25h\"~                              | for             | at most 24h",
                "~\"for\": \"-1m\"~                              | for             | is no duration",
                "~\"keep_firing_for\": \"2d\"~                   | keep_firing_for | at most 24h",
                "~\"keep_firing_for\": \"2w\"~                   | keep_firing_for | is no duration",
                "~\"stream\": \"Checkout.*\"~                    | stream          | invalid stream glob \"Checkout.*\" at position 1",
                "~\"stream\": \"checkout.***\"~                  | stream          | *** is not allowed",
                "~\"severity\": \"urgent\"~                      | severity        | unknown severity 'urgent': use one of info, warning, critical",
                "~\"webhook\": \"ftp://hooks.example/x\"~        | webhook         | no http(s) URL",
                "~\"webhook\": \"http:///nohost\"~               | webhook         | has no host",
                "~\"webhook\": \"http://exa mple\"~              | webhook         | no valid URL",
                // Not public, and the default pulse.notifications.allowed-hosts allows nothing else (SSRF).
                "~\"webhook\": \"http://169.254.169.254/latest/meta-data\"~ | webhook | 169.254.169.254 is a link-local address",
                "~\"webhook\": \"http://10.0.0.1/x\"~                | webhook         | 10.0.0.1 is a private address",
                "~\"webhook\": \"http://127.0.0.1:9/x\"~             | webhook         | 127.0.0.1 is a loopback address",
                "~\"webhook\": \"http://localhost/x\"~               | webhook         | localhost resolves to 127.0.0.1, a loopback address",
                "~\"webhook\": \"http://[::ffff:127.0.0.1]/x\"~      | webhook         | is a loopback address",
                "~\"webhook\": \"https://user:secret@hooks.example/x\"~ | webhook      | user name or password",
                "~\"name\": \"  \"~                              | name            | is required",
                "~\"labels\": {\"Team\": \"x\"}~                 | labels.Team     | invalid label name",
                "~\"windw\": \"5m\"~                             | windw           | unknown field; the fields of a rule are",
            })
    void refusesEachMistakeWithItsField(String field, String errorField, String message) {
        // The bad value comes last: of a duplicate key, the later one counts.
        post(rule("," + field))
                .statusCode(400)
                .contentType(startsWith(PROBLEM))
                .body("errors", hasSize(1))
                .body("errors[0].field", equalTo(errorField))
                .body("errors[0].message", containsString(message))
                .body("detail", containsString(errorField + ": "));
    }

    @Test
    void acceptsCompoundExpressionsAndNamesEveryValueTheyRead() {
        String expr = "(errors / count > 0.05 and count > 100) or not p95(latency_ms) <= 2 * p50(latency_msx)";
        String id = post(rule(",\"expr\": \"" + expr + "\", \"resolve\": \"sum(cost_usd) / count < 0.01\""))
                .statusCode(201)
                .body("expr", equalTo(expr))
                .body("resolve", equalTo("sum(cost_usd) / count < 0.01"))
                .extract()
                .path("id");
        await("the compound rule in the rule table", () -> table.get(id) != null);
        assertThat(table.get(id).expr()).isEqualTo(ExprParser.parse(expr));
        assertThat(table.get(id).expr().valueNames()).containsExactly("latency_ms", "latency_msx");
        given().delete("/api/rules/" + id).then().statusCode(204);
    }

    @Test
    void servesTheGrammar() {
        given().get("/api/rules/grammar")
                .then()
                .statusCode(200)
                .contentType(startsWith("application/json"))
                .body("grammar", containsString("and        = not , { \"and\" , not } ;"))
                .body("stream_metrics", equalTo(List.of("count", "rate", "errors", "error_rate")))
                .body("value_metrics", hasItem("p95"))
                .body("comparison_operators", hasItem(">="))
                .body("arithmetic_operators", equalTo(List.of("+", "-", "*", "/")))
                .body("keywords", equalTo(List.of("and", "or", "not", "offset")))
                .body("grammar", containsString("metric , [ \"offset\" , offset ]"))
                .body("max_length", equalTo(ExprParser.MAX_LENGTH))
                .body("max_depth", equalTo(ExprParser.MAX_DEPTH))
                .body("windows", containsString("2h to 7d"))
                .body("offsets", containsString("1m to 7d"));
    }

    @Test
    void expressionErrorsCarryTheirPosition() {
        post(rule(",\"expr\": \"p95(latency_ms >\""))
                .statusCode(400)
                .body("errors[0].position", equalTo(15))
                .body("detail", equalTo("the rule has 1 problem: expr: expected ')' at 15, found '>'"));
    }

    @Test
    void listsEveryProblemAtOnce() {
        post("""
                {"stream": "Bad Glob", "expr": "p95(x", "window": "90m", "severity": "loud", "webhook": "mailto:x@y", "typo": 1, "other": 2}""").statusCode(400).body("errors.field", hasItem("typo")).body("errors.field", hasItem("other"));
        post("""
                {"stream": "Bad Glob", "expr": "p95(x", "window": "90m", "severity": "loud", "webhook": "mailto:x@y"}""")
                .statusCode(400)
                .body("title", equalTo("Invalid rule"))
                .body("errors.field", equalTo(List.of("severity", "name", "stream", "expr", "window", "webhook")));
    }

    @Test
    void refusesBodiesThatAreNoRule() {
        post("[1, 2]").statusCode(400).contentType(startsWith(PROBLEM)).body("detail", containsString("JSON object"));
        post("{\"name\": ").statusCode(400).contentType(startsWith(PROBLEM));
        post(rule(",\"labels\": \"team\""))
                .statusCode(400)
                .contentType(startsWith(PROBLEM))
                .body("detail", containsString("labels"));
        post(rule(",\"enabled\": \"maybe\""))
                .statusCode(400)
                .contentType(startsWith(PROBLEM))
                .body("detail", containsString("enabled"));
    }

    @Test
    void anUpdateNamesTheVersionItRead() {
        String id = post(rule("")).statusCode(201).extract().path("id");
        given().contentType(ContentType.JSON)
                .body(rule(""))
                .put("/api/rules/" + id)
                .then()
                .statusCode(400)
                .contentType(startsWith(PROBLEM))
                .body("errors[0].field", equalTo("version"))
                .body("detail", containsString("version is required"));
        given().contentType(ContentType.JSON)
                .body(rule(",\"version\": 0, \"id\": \"other\""))
                .put("/api/rules/" + id)
                .then()
                .statusCode(400)
                .body("detail", containsString("the path is rule '" + id + "'"));
        given().contentType(ContentType.JSON)
                .body(rule(",\"version\": 7"))
                .put("/api/rules/" + id)
                .then()
                .statusCode(409)
                .body("current_version", equalTo(0));
        given().contentType(ContentType.JSON)
                .body(rule(",\"version\": 0, \"expr\": \"count > 1\""))
                .put("/api/rules/" + id)
                .then()
                .statusCode(200)
                .body("version", equalTo(1))
                .body("expr", equalTo("count > 1"));
        // An invalid update changes nothing.
        given().contentType(ContentType.JSON)
                .body(rule(",\"version\": 1, \"window\": \"0m\""))
                .put("/api/rules/" + id)
                .then()
                .statusCode(400);
        given().get("/api/rules/" + id).then().body("version", equalTo(1)).body("window", equalTo("5m"));
        given().delete("/api/rules/" + id).then().statusCode(204);
    }

    @Test
    void aRuleStoredButNotPublishedIsPublishedAgain() throws Throwable {
        // What a change leaves behind when Kafka fails after the database commit: the row only.
        AlertRule input = PulseJson.fromJson(rule(""), AlertRule.class);
        RuleEntity row = new RuleEntity();
        row.id = "unpublished-" + UUID.randomUUID();
        row.apply(input);
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(row::persist));

        await("the unpublished rule in the rule table", () -> table.get(row.id) != null);
        assertThat(table.get(row.id).rule().version()).isEqualTo(0L);
        assertThat(table.get(row.id).expr().toString()).isEqualTo("p95(latency_ms) > 500");
        assertThat(recordsOf(row.id)).hasSize(1);
    }

    /**
     * A receiver deleted between the check that it exists and the rule's insert: PostgreSQL's key
     * refuses the row, and the API answers as if the receiver had never been (400 on receiver), not 500.
     * The race itself cannot be timed in a test; this is the refusal it ends in, as the API recognizes it.
     */
    @Test
    void aRuleNamingAReceiverDeletedMeanwhileIsRefusedByTheKeyAsTheApiRecognizesIt() {
        AlertRule input = PulseJson.fromJson(rule(""), AlertRule.class);
        RuleEntity row = new RuleEntity();
        row.id = "receiver-gone-" + UUID.randomUUID();
        row.apply(input);
        row.webhook = null;
        row.receiver = "deleted-meanwhile";
        row.createdAt = Instant.now();
        row.updatedAt = row.createdAt;
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(row::persist)))
                .satisfies(f -> assertThat(ReceiverEntity.violatesRuleKey(f))
                        .as(f.toString())
                        .isTrue());
        assertThat(ReceiverEntity.violatesRuleKey(new IllegalStateException("another failure")))
                .isFalse();
    }

    @Test
    void aDeletedRuleLeftOnTheTopicGetsItsTombstone() {
        // What a delete leaves behind when its tombstone fails: the rule on the topic only.
        AlertRule orphan = PulseJson.fromJson(rule(""), AlertRule.class);
        String id = "deleted-" + UUID.randomUUID();
        publisher
                .publish(new AlertRule(
                        id,
                        orphan.name(),
                        orphan.stream(),
                        orphan.expr(),
                        orphan.window(),
                        orphan.forDuration(),
                        orphan.keepFiringFor(),
                        orphan.resolve(),
                        orphan.severity(),
                        true,
                        null,
                        Map.of(),
                        null,
                        null,
                        null,
                        null,
                        4L))
                .await()
                .atMost(Duration.ofSeconds(10));
        await("the orphaned rule in the rule table", () -> table.get(id) != null);

        await("the orphaned rule gone from the rule table", () -> table.get(id) == null);
        List<ConsumerRecord<String, String>> records = recordsOf(id);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).value()).as("tombstone").isNull();
    }

    @Test
    void aChangePublishedInTimeIsNotPublishedTwice() {
        String id = post(rule("")).statusCode(201).extract().path("id");
        await("the new rule in the rule table", () -> table.get(id) != null);
        // Two passes as far apart as the repair delay, run here rather than waited for: the table
        // and the database agree, so nothing goes out again.
        long now = System.nanoTime();
        reconciler.reconcile(now);
        reconciler.reconcile(now + reconcileAfter.toNanos());
        assertThat(recordsOf(id)).hasSize(1);
        given().get("/q/metrics").then().body(containsString("pulse_rules_republished_total"));
    }

    private List<ConsumerRecord<String, String>> recordsOf(String id) {
        return TopicReader.readAll(bootstrap, Topics.RULES).stream()
                .filter(r -> id.equals(r.key()))
                .toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        Awaitility.await(what)
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(condition::getAsBoolean);
    }
}

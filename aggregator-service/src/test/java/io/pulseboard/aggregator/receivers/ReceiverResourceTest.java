package io.pulseboard.aggregator.receivers;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The receivers API over HTTP on the real database: the cycle, secret headers, refusals, and rules naming one. */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class ReceiverResourceTest {

    private static final String PROBLEM = "application/problem+json";

    private final String name = "ops-" + UUID.randomUUID().toString().substring(0, 8);

    private String receiver(String extra) {
        return """
                {"name": "%s", "url": "https://hooks.example.com/services/T0/B0", "template": "slack",
                 "headers": {"Authorization": "Bearer s3cret", "X-Env": "prod"}%s}
                """.formatted(name, extra);
    }

    private static ValidatableResponse post(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/receivers")
                .then();
    }

    private static ValidatableResponse put(String name, String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .put("/api/receivers/" + name)
                .then();
    }

    @Test
    void headerValuesAreWriteOnly() {
        post(receiver(""))
                .statusCode(201)
                .header("Location", containsString("/api/receivers/" + name))
                .body("name", equalTo(name))
                .body("template", equalTo("slack"))
                .body("content_type", equalTo("application/json"))
                .body("headers.Authorization", equalTo("***"))
                .body("headers.X-Env", equalTo("***"))
                .body("version", equalTo(0))
                .body("created_at", notNullValue());
        given().get("/api/receivers").then().statusCode(200).body("name", hasItem(name));
        String read = given().get("/api/receivers/" + name)
                .then()
                .statusCode(200)
                .body("headers.Authorization", equalTo("***"))
                .body(not(containsString("s3cret")))
                .extract()
                .asString();
        assertStored(Map.of("Authorization", "Bearer s3cret", "X-Env", "prod"));

        // Sent back as read (values "***"): the stored values stay. X-Env null: kept too.
        put(name, read.replace("\"slack\"", "\"generic\"")).statusCode(200).body("template", equalTo("generic"));
        assertStored(Map.of("Authorization", "Bearer s3cret", "X-Env", "prod"));
        put(name, """
                {"url": "https://hooks.example.com/x", "headers": {"Authorization": "Bearer new", "X-Env": null}}""").statusCode(200).body("headers.Authorization", equalTo("***"));
        assertStored(Map.of("Authorization", "Bearer new", "X-Env", "prod"));
        // Left out: removed.
        put(name, """
                {"url": "https://hooks.example.com/x", "headers": {"X-Env": "***"}}""").statusCode(200).body("headers", not(hasKey("Authorization")));
        assertStored(Map.of("X-Env", "prod"));
        // A header never stored cannot be kept.
        put(name, """
                {"url": "https://hooks.example.com/x", "headers": {"X-New": "***"}}""")
                .statusCode(400)
                .body("errors[0].field", equalTo("headers.X-New"))
                .body("errors[0].message", containsString("has no value"));

        given().delete("/api/receivers/" + name).then().statusCode(204);
        given().get("/api/receivers/" + name).then().statusCode(404).contentType(PROBLEM);
    }

    @Test
    void theUrlIsShownMaskedAndKeptWhenSentBackAsRead() {
        String url = "https://hooks.example.com:8443/services/T0/B0/s3cret?token=t0ken";
        String masked = "https://hooks.example.com:8443/***";
        post("""
                {"name": "%s", "url": "%s", "template": "slack"}""".formatted(name, url))
                .statusCode(201)
                .body("url", equalTo(masked))
                .body(not(containsString("s3cret")))
                .body(not(containsString("t0ken")));
        given().get("/api/receivers")
                .then()
                .statusCode(200)
                .body("find { it.name == '%s' }.url".formatted(name), equalTo(masked))
                .body(not(containsString("s3cret")));
        String read = given().get("/api/receivers/" + name)
                .then()
                .statusCode(200)
                .body("url", equalTo(masked))
                .extract()
                .asString();
        assertStoredUrl(url);

        // Sent back exactly as read: the stored URL stays, and the change applies.
        put(name, read.replace("\"slack\"", "\"generic\""))
                .statusCode(200)
                .body("url", equalTo(masked))
                .body("template", equalTo("generic"));
        assertStoredUrl(url);
        // Left out (or null): kept too.
        put(name, "{\"template\": \"slack\"}").statusCode(200).body("url", equalTo(masked));
        assertStoredUrl(url);
        put(name, "{\"url\": null, \"template\": \"generic\"}").statusCode(200);
        assertStoredUrl(url);

        // The masked form of another URL cannot be kept or stored: it is no URL to call.
        put(name, "{\"url\": \"https://hooks.example.com/***\"}")
                .statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("masked"))
                .body("errors[0].message", containsString(masked));
        assertStoredUrl(url);

        // A new URL replaces it, checked as on POST.
        put(name, "{\"url\": \"http://127.0.0.1:9/x\"}")
                .statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("loopback"));
        put(name, "{\"url\": \"https://other.example.com/new/s3cret2\"}")
                .statusCode(200)
                .body("url", equalTo("https://other.example.com/***"))
                .body(not(containsString("s3cret2")));
        assertStoredUrl("https://other.example.com/new/s3cret2");

        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    @Test
    void aMaskedUrlIsNoUrlToCreateAReceiverWith() {
        post("""
                {"name": "%s", "url": "https://hooks.slack.com/***"}""".formatted(name))
                .statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("send the full URL"));
        post("""
                {"name": "%s"}""".formatted(name))
                .statusCode(400)
                .body("errors[0].field", equalTo("url"))
                .body("errors[0].message", containsString("is required"));
        given().get("/api/receivers/" + name).then().statusCode(404);
    }

    @Test
    void groupingHasDefaultsAndIsStoredAsWritten() {
        post(receiver(""))
                .statusCode(201)
                .body("group_by", contains("rule_id"))
                .body("group_wait", equalTo("10s"))
                .body("group_interval", equalTo("1m"))
                .body("repeat_interval", equalTo("4h"));
        put(
                        name,
                        receiver(", \"group_by\": [\"labels.team\", \"severity\"], \"group_wait\": \"30s\","
                                + " \"group_interval\": \"5m\", \"repeat_interval\": \"0s\""))
                .statusCode(200);
        given().get("/api/receivers/" + name)
                .then()
                .statusCode(200)
                .body("group_by", contains("labels.team", "severity"))
                .body("group_wait", equalTo("30s"))
                .body("group_interval", equalTo("5m"))
                .body("repeat_interval", equalTo("0s"));
        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "~\"name\": \"Ops\"~                                     | name                 | no receiver name",
                "~\"url\": \"ftp://x.example/\"~                         | url                  | no http(s) URL",
                "~\"url\": \"https://u:p@x.example/\"~                   | url                  | user name or password",
                "~\"url\": \"http://127.0.0.1:9/\"~                      | url                  | 127.0.0.1 is a loopback address",
                "~\"headers\": {\"Content-Type\": \"text/plain\"}~       | headers.Content-Type | content_type",
                "~\"headers\": {\"X-A\": \"a\\nb\"}~                     | headers.X-A          | control character",
                "~\"headers\": {\"Bad Name\": \"a\"}~                    | headers.Bad Name     | invalid header name",
                "~\"headers\": {\"X-A\": \"***\"}~                       | headers.X-A          | has no value",
                "~\"content_type\": \"json\"~                            | content_type         | no media type",
                "~\"template\": \"{alert.rule_nmae}\"~                   | template             | rule_nmae",
                "~\"colour\": \"red\"~                                   | colour               | unknown field",
                "~\"group_by\": [\"rule_id\", \"team\"]~                   | group_by[1]          | 'team' is no group key",
                "~\"group_by\": [\"stream\", \"stream\"]~                  | group_by[1]          | given twice",
                "~\"group_wait\": \"10\"~                               | group_wait           | no duration",
                "~\"group_wait\": \"2h\"~                               | group_wait           | from 0s to 1h",
                "~\"group_interval\": \"0s\"~                           | group_interval       | from 1s to 1d",
                "~\"repeat_interval\": \"31d\"~                         | repeat_interval      | 0s: never repeat",
            })
    void refusals(String fields, String field, String message) {
        String body = """
                {"name": "%s", "url": "https://hooks.example.com/x", %s}""".formatted(name, fields.replace('~', ' '));
        if (fields.contains("\"name\"")) {
            body = "{\"url\": \"https://hooks.example.com/x\", " + fields.replace('~', ' ') + "}";
        } else if (fields.contains("\"url\"")) {
            body = "{\"name\": \"" + name + "\", " + fields.replace('~', ' ') + "}";
        }
        post(body)
                .statusCode(400)
                .contentType(PROBLEM)
                .body("errors.field", hasItem(field))
                .body("detail", containsString(message));
        given().get("/api/receivers/" + name).then().statusCode(404);
    }

    @Test
    void aTemplateErrorSaysWhere() {
        String template = "{\\n  \\\"text\\\": \\\"{alert.rule_name}\\\",\\n  \\\"x\\\": \\\"{#if alert.value}\\\"\\n}";
        post("""
                {"name": "%s", "url": "https://hooks.example.com/x", "template": "%s"}""".formatted(name, template))
                .statusCode(400)
                .body("errors[0].field", equalTo("template"))
                .body("errors[0].line", notNullValue())
                .body("errors[0].message", containsString("if"));
    }

    @Test
    void aReceiverNamedByARuleCannotBeDeleted() {
        post(receiver("")).statusCode(201);
        post(receiver("")).statusCode(409).body("detail", containsString("exists"));
        String rule = """
                {"name": "uses %s", "stream": "receivers.api", "expr": "count > 1", "severity": "warning",
                 "receiver": "%s"}""".formatted(name, name);
        String id = given().contentType(ContentType.JSON)
                .body(rule)
                .post("/api/rules")
                .then()
                .statusCode(201)
                .body("receiver", equalTo(name))
                .extract()
                .path("id");

        given().delete("/api/receivers/" + name)
                .then()
                .statusCode(409)
                .contentType(PROBLEM)
                .body("rules", hasItem(id + " (uses " + name + ")"))
                .body("detail", containsString("uses " + name));

        given().delete("/api/rules/" + id).then().statusCode(204);
        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    @Test
    void aRuleNamesAnExistingReceiverAndNoWebhookBeside() {
        String unknown = """
                {"name": "r", "stream": "receivers.api", "expr": "count > 1", "severity": "warning",
                 "receiver": "%s"}""".formatted(name);
        given().contentType(ContentType.JSON)
                .body(unknown)
                .post("/api/rules")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("receiver"))
                .body("errors[0].message", containsString("no receiver named '" + name + "'"));
        post(receiver("")).statusCode(201);
        String both = unknown.replace("}", ", \"webhook\": \"https://hooks.example.com/x\"}");
        given().contentType(ContentType.JSON)
                .body(both)
                .post("/api/rules")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("receiver"))
                .body("detail", containsString("not both"));
        given().delete("/api/receivers/" + name).then().statusCode(204);
    }

    private void assertStoredUrl(String url) {
        Receiver stored =
                VertxContexts.await(() -> Panache.withSession(() -> ReceiverEntity.<ReceiverEntity>findById(name))
                        .map(ReceiverEntity::toReceiver));
        org.assertj.core.api.Assertions.assertThat(stored.url()).isEqualTo(url);
    }

    private void assertStored(Map<String, String> headers) {
        Receiver stored =
                VertxContexts.await(() -> Panache.withSession(() -> ReceiverEntity.<ReceiverEntity>findById(name))
                        .map(ReceiverEntity::toReceiver));
        org.assertj.core.api.Assertions.assertThat(stored.headers()).isEqualTo(headers);
    }
}

package io.pulseboard.aggregator.silences;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.pulseboard.aggregator.store.RetentionJob;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The silences API over HTTP on the real database: create, read, list by state, end early, and every refusal. */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class SilenceResourceTest {

    private static final String PROBLEM = "application/problem+json";

    @Inject
    RetentionJob retention;

    private final String stream = "sil-" + UUID.randomUUID().toString().substring(0, 8) + ".api";

    @Test
    void createsReadsListsAndEndsASilence() {
        Instant end = Instant.now().plus(Duration.ofHours(1));
        String location = given().contentType(ContentType.JSON)
                .body("""
                        {"matchers": {"stream": "%s", "severity": "critical", "labels": {"team": "payments"}},
                         "ends_at": "%s", "created_by": "ops", "comment": "deploy"}""".formatted(stream, end))
                .post("/api/silences")
                .then()
                .statusCode(201)
                .body("state", equalTo("active"))
                .body("matchers.stream", equalTo(stream))
                .body("matchers.severity", equalTo("critical"))
                .body("matchers.labels.team", equalTo("payments"))
                .body("matchers.rule_id", nullValue())
                .body("created_by", equalTo("ops"))
                .body("starts_at", notNullValue())
                .body("ended_at", nullValue())
                .extract()
                .header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(location).endsWith("/api/silences/" + id);

        given().get("/api/silences/" + id)
                .then()
                .statusCode(200)
                .body("id", equalTo(id))
                .body("comment", equalTo("deploy"));
        given().get("/api/silences?state=active").then().statusCode(200).body("id", hasItem(id));
        given().get("/api/silences?state=pending,expired")
                .then()
                .statusCode(200)
                .body("id", not(hasItem(id)));

        String ended = given().delete("/api/silences/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("expired"))
                .body("ended_at", notNullValue())
                .extract()
                .path("ended_at");
        // Idempotent: a silence already over is answered unchanged.
        given().delete("/api/silences/" + id)
                .then()
                .statusCode(200)
                .body("state", equalTo("expired"))
                .body("ended_at", equalTo(ended));
        given().get("/api/silences?state=expired").then().statusCode(200).body("id", hasItem(id));
        given().get("/api/silences?state=active").then().statusCode(200).body("id", not(hasItem(id)));
    }

    @Test
    void aSilenceStartingLaterIsPendingAndListedNewestFirst() {
        Instant start = Instant.now().plus(Duration.ofHours(1));
        String older = create("""
                {"matchers": {"rule_id": "r-%s"}, "starts_at": "%s", "ends_at": "%s", "created_by": "ops", "comment": "later"}""".formatted(stream, start, start.plus(Duration.ofHours(1))));
        String newer = create("""
                {"matchers": {"rule_id": "r-%s"}, "ends_at": "%s", "created_by": "ops", "comment": "now"}""".formatted(stream, start));
        given().get("/api/silences/" + older).then().body("state", equalTo("pending"));
        given().get("/api/silences?state=pending")
                .then()
                .body("id", hasItem(older))
                .body("id", not(hasItem(newer)));
        List<String> all = given().get("/api/silences?limit=1000")
                .then()
                .statusCode(200)
                .extract()
                .path("id");
        assertThat(all).containsSubsequence(newer, older);
        given().delete("/api/silences/" + older).then().statusCode(200).body("state", equalTo("expired"));
        given().delete("/api/silences/" + newer).then().statusCode(200);
    }

    @Test
    void expiredSilencesArePrunedAfterTheAlertHistoryRetention() {
        String id = create("""
                {"matchers": {"stream": "%s"}, "ends_at": "%s", "created_by": "ops", "comment": "old"}""".formatted(stream, Instant.now().plus(Duration.ofHours(1))));
        retention.prune("silences", Instant.now().minus(Duration.ofDays(1)));
        given().get("/api/silences/" + id).then().statusCode(200);
        given().delete("/api/silences/" + id).then().statusCode(200);
        retention.prune("silences", Instant.now().plus(Duration.ofSeconds(1)));
        given().get("/api/silences/" + id).then().statusCode(404);
    }

    @Test
    void unknownSilencesAre404() {
        given().get("/api/silences/nope")
                .then()
                .statusCode(404)
                .contentType(PROBLEM)
                .body("detail", containsString("nope"));
        given().delete("/api/silences/nope").then().statusCode(404).contentType(PROBLEM);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"matchers": {}, "ends_at": "+1h", "created_by": "a", "comment": "c"}                      | matchers          | needs at least one
            {"ends_at": "+1h", "created_by": "a", "comment": "c"}                                      | matchers          | is required
            {"matchers": {"stream": "a***"}, "ends_at": "+1h", "created_by": "a", "comment": "c"}      | matchers.stream   | *** is not allowed
            {"matchers": {"severity": "loud"}, "ends_at": "+1h", "created_by": "a", "comment": "c"}    | matchers.severity | 'loud' is unknown
            {"matchers": {"labels": {"Team": "x"}}, "ends_at": "+1h", "created_by": "a", "comment": "c"} | matchers.labels.Team | invalid label name
            {"matchers": {"labels": {"team": 5}}, "ends_at": "+1h", "created_by": "a", "comment": "c"} | matchers.labels.team | must be a string
            {"matchers": {"rule_id": "r", "rule": "x"}, "ends_at": "+1h", "created_by": "a", "comment": "c"} | matchers.rule | unknown field
            {"matchers": {"rule_id": "r"}, "ends_at": "+1h", "created_by": "a", "comment": "c", "endsAt": 1} | endsAt   | unknown field
            {"matchers": {"rule_id": "r"}, "created_by": "a", "comment": "c"}                          | ends_at           | is required
            {"matchers": {"rule_id": "r"}, "ends_at": "tomorrow", "created_by": "a", "comment": "c"}   | ends_at           | is no time
            {"matchers": {"rule_id": "r"}, "ends_at": "-1h", "created_by": "a", "comment": "c"}        | ends_at           | must be after starts_at
            {"matchers": {"rule_id": "r"}, "ends_at": "+1000h", "created_by": "a", "comment": "c"}     | ends_at           | pulse.silences.max-duration
            {"matchers": {"rule_id": "r"}, "starts_at": "+2h", "ends_at": "+1h", "created_by": "a", "comment": "c"} | ends_at | must be after starts_at
            {"matchers": {"rule_id": "r"}, "ends_at": "+1h", "comment": "c"}                           | created_by        | is required
            {"matchers": {"rule_id": "r"}, "ends_at": "+1h", "created_by": " ", "comment": "c"}        | created_by        | is required
            {"matchers": {"rule_id": "r"}, "ends_at": "+1h", "created_by": "a"}                        | comment           | is required
            {"matchers": {"rule_id": "r"}, "ends_at": "+1h", "created_by": 7, "comment": "c"}          | created_by        | must be a string
            """)
    void refusesAMistakeNamingItsField(String body, String field, String message) {
        given().contentType(ContentType.JSON)
                .body(times(body))
                .post("/api/silences")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("title", equalTo("Invalid silence"))
                .body("errors.field", hasItem(field))
                .body("errors.find { it.field == '" + field + "' }.message", containsString(message));
    }

    @Test
    void listsEveryMistakeAtOnce() {
        given().contentType(ContentType.JSON)
                .body("{\"matchers\": {\"severity\": \"loud\"}, \"ends_at\": \"soon\", \"extra\": true}")
                .post("/api/silences")
                .then()
                .statusCode(400)
                .body("errors.field", hasItems("extra", "matchers.severity", "ends_at", "created_by", "comment"));
        given().contentType(ContentType.JSON)
                .body("[1]")
                .post("/api/silences")
                .then()
                .statusCode(400)
                .contentType(PROBLEM)
                .body("detail", containsString("JSON object"));
        given().get("/api/silences?state=over")
                .then()
                .statusCode(400)
                .body("detail", containsString("'over' is unknown"));
        given().get("/api/silences?limit=0").then().statusCode(400).body("detail", containsString("limit"));
    }

    private static String create(String body) {
        return given().contentType(ContentType.JSON)
                .body(body)
                .post("/api/silences")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** "+1h" and "-1h" in a body: that far from now. */
    private static String times(String body) {
        Instant now = Instant.now();
        return body.replace("\"+1000h\"", "\"" + now.plus(Duration.ofHours(1000)) + "\"")
                .replace("\"+1h\"", "\"" + now.plus(Duration.ofHours(1)) + "\"")
                .replace("\"+2h\"", "\"" + now.plus(Duration.ofHours(2)) + "\"")
                .replace("\"-1h\"", "\"" + now.minus(Duration.ofHours(1)) + "\"");
    }
}

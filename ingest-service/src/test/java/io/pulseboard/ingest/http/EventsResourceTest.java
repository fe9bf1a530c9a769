package io.pulseboard.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class EventsResourceTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    /** Every test marks its events with its own id prefix, so the shared topic can be read per test. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void ndjsonPublishesEveryValidLineOnceWithItsKeyAndReportsEachBadLine() {
        long anHourAgo = Instant.now().minusSeconds(3600).toEpochMilli();
        String body = String.join(
                        "\n",
                        event("checkout.api", "a1", "\"status\":\"ok\",\"values\":{\"latency_ms\":81.5}"),
                        event("checkout.api", "a2", "\"status\":\"error\",\"error_type\":\"timeout\""),
                        event("Checkout API", "bad1", ""),
                        "",
                        event("search.api", "a3", "\"values\":{\"hits\":12},\"tags\":{\"region\":\"eu-west\"}"),
                        event("search.api", "bad2", "\"status\":\"maybe\",\"values\":{\"latency_ms\":\"fast\"}"),
                        "{\"stream\": \"search.api\", \"id\": \"" + run + "-bad3\"",
                        event("llm.chat", "a4", "\"time\":" + anHourAgo))
                + "\n";

        given().contentType("application/x-ndjson")
                .body(bytes(body))
                .when()
                .post("/api/events")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .body("received", equalTo(7))
                .body("accepted", equalTo(4))
                .body("rejected", equalTo(3))
                .body("failed", equalTo(0))
                .body("problems", hasSize(3))
                .body("problems[0].line", equalTo(3))
                .body("problems[0].index", equalTo(2))
                .body("problems[0].status", equalTo("rejected"))
                .body("problems[0].errors[0].field", equalTo("stream"))
                .body("problems[1].line", equalTo(6))
                .body("problems[1].errors.field", hasItems("status", "values.latency_ms"))
                .body("problems[2].line", equalTo(7));

        Map<String, ConsumerRecord<String, String>> published = publishedByThisTest();
        assertThat(published.keySet()).containsExactlyInAnyOrder(id("a1"), id("a2"), id("a3"), id("a4"));
        assertThat(published.get(id("a1")).key()).isEqualTo("checkout.api");
        assertThat(published.get(id("a3")).key()).isEqualTo("search.api");
        assertThat(published.get(id("a4")).key()).isEqualTo("llm.chat");
        JsonNode a2 = PulseJson.fromJson(published.get(id("a2")).value(), JsonNode.class);
        assertThat(a2.path("status").asText()).isEqualTo("error");
        assertThat(a2.path("error_type").asText()).isEqualTo("timeout");
        JsonNode a4 = PulseJson.fromJson(published.get(id("a4")).value(), JsonNode.class);
        assertThat(Instant.parse(a4.path("time").asText())).isEqualTo(Instant.ofEpochMilli(anHourAgo));
    }

    /**
     * Times the aggregator would dead-letter are rejected here, each with the reason, and the others
     * published: the table of cases the event model's and the aggregator's tests read too.
     */
    @Test
    void rejectsTheTimesTheAggregatorWouldDeadLetter() throws Exception {
        Map<Duration, Boolean> cases = new LinkedHashMap<>();
        Files.readAllLines(TIME_CASES).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t"))
                .forEach(c -> cases.put(Duration.parse(c[0]), Boolean.parseBoolean(c[1])));
        Instant now = Instant.now();
        List<Duration> offsets = List.copyOf(cases.keySet());
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < offsets.size(); i++) {
            body.append(event("time.cases", "t" + i, "\"time\":\"" + now.plus(offsets.get(i)) + "\""))
                    .append('\n');
        }
        long counted = cases.values().stream().filter(c -> c).count();

        JsonNode answer = PulseJson.fromJson(
                given().contentType("application/x-ndjson")
                        .body(bytes(body.toString()))
                        .when()
                        .post("/api/events")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                JsonNode.class);

        assertThat(answer.path("accepted").asLong()).isEqualTo(counted);
        assertThat(answer.path("rejected").asLong()).isEqualTo(offsets.size() - counted);
        Map<Integer, String> reasons = new HashMap<>();
        answer.path("problems")
                .forEach(p -> reasons.put(
                        p.path("index").asInt(),
                        p.path("errors").get(0).path("field").asText() + ": "
                                + p.path("errors").get(0).path("message").asText()));
        for (int i = 0; i < offsets.size(); i++) {
            boolean future = !offsets.get(i).isNegative() && !offsets.get(i).isZero();
            if (cases.get(offsets.get(i))) {
                assertThat(reasons).as("now %s", offsets.get(i)).doesNotContainKey(i);
            } else {
                assertThat(reasons.get(i))
                        .as("now %s", offsets.get(i))
                        .startsWith("time: event time ")
                        .contains(future ? "the maximum future skew is 5m" : "the maximum lateness of 7d");
            }
        }
        Map<String, ConsumerRecord<String, String>> published = publishedByThisTest();
        assertThat(published).hasSize((int) counted);
    }

    @Test
    void anEventsMessageIsPublishedWithItAndOneOverTheLimitIsRejectedWithItsField() {
        String body = event("msg.api", "m1", "\"status\":\"error\",\"message\":\"upstream timed out after 800 ms\"")
                + "\n" + event("msg.api", "m2", "\"status\":\"error\",\"message\":\"" + "m".repeat(1025) + "\"") + "\n";

        given().contentType("application/x-ndjson")
                .body(bytes(body))
                .when()
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(1))
                .body("problems[0].line", equalTo(2))
                .body("problems[0].errors[0].field", equalTo("message"))
                .body("problems[0].errors[0].message", equalTo("is 1025 characters long; at most 1024 are allowed"));

        Map<String, ConsumerRecord<String, String>> published = publishedByThisTest();
        assertThat(published.keySet()).containsExactly(id("m1"));
        assertThat(PulseJson.fromJson(published.get(id("m1")).value(), JsonNode.class)
                        .path("message")
                        .asText())
                .isEqualTo("upstream timed out after 800 ms");
    }

    @Test
    void jsonArrayPublishesValidElementsAndReportsInvalidOnes() {
        String body = "[\n"
                + String.join(
                        ",\n",
                        event("checkout.api", "b1", ""),
                        event("checkout.api", "bad1", "\"values\":{\"Latency\":1}"),
                        "42",
                        event("checkout.web", "b2", "\"values\":{\"latency_ms\":12}"))
                + "\n]";

        given().contentType("application/json")
                .body(body)
                .when()
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("received", equalTo(4))
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(2))
                .body("problems.index", contains(1, 2))
                .body("problems[0].errors[0].field", equalTo("values.Latency"));

        assertThat(publishedByThisTest().keySet()).containsExactlyInAnyOrder(id("b1"), id("b2"));
    }

    @Test
    void oneJsonObjectIsOneEventAndGetsTheTimeOfArrivalWhenItHasNone() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        given().contentType("application/json")
                .body("{\n  \"stream\": \"solo.api\",\n  \"id\": \"" + id("c1") + "\"\n}")
                .when()
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));

        ConsumerRecord<String, String> record = publishedByThisTest().get(id("c1"));
        assertThat(record.key()).isEqualTo("solo.api");
        Instant time = Instant.parse(
                PulseJson.fromJson(record.value(), JsonNode.class).path("time").asText());
        assertThat(time).isBetween(before, Instant.now());
    }

    @Test
    void curlsDefaultFormContentTypeIsReadAsNdjson() {
        given().contentType("application/x-www-form-urlencoded; charset=utf-8")
                .body(event("form.api", "d1", "") + "\n" + event("form.api", "d2", ""))
                .when()
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(2));
        assertThat(publishedByThisTest().keySet()).containsExactlyInAnyOrder(id("d1"), id("d2"));
    }

    @Test
    void aBodyWithNoValidEventIsUnprocessableAndPublishesNothing() {
        given().contentType("application/x-ndjson")
                .body(bytes(event("UPPER", "bad1", "") + "\n" + event("ok.api", "bad2", "\"status\":\"fine\"")))
                .when()
                .post("/api/events")
                .then()
                .statusCode(422)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("No valid events"))
                .body("detail", containsString("all 2 events were rejected"))
                .body("accepted", equalTo(0))
                .body("problems", hasSize(2))
                .body("problems[1].errors[0].field", equalTo("status"));
        assertThat(publishedByThisTest()).isEmpty();
    }

    @Test
    void aBrokenJsonArrayIsAProblemThatSaysWhereAndKeepsWhatCameBefore() {
        String body = "[" + event("cut.api", "e1", "") + ", {\"stream\": \"cut.api\", \"id\": ";
        given().contentType("application/json")
                .body(body)
                .when()
                .post("/api/events")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Unreadable body"))
                .body("detail", containsString("line 1"))
                .body("accepted", equalTo(1));
        assertThat(publishedByThisTest().keySet()).containsExactly(id("e1"));
    }

    @Test
    void emptyAndForeignBodiesAreProblems() {
        given().contentType("application/x-ndjson")
                .body(bytes("\n  \n"))
                .when()
                .post("/api/events")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("the body holds no events"));
        given().contentType("application/xml")
                .body(bytes("<event/>"))
                .when()
                .post("/api/events")
                .then()
                .statusCode(415)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("application/x-ndjson"));
        given().contentType("application/json")
                .body("\"just a string\"")
                .when()
                .post("/api/events")
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"));
    }

    @Test
    void theServiceIsReadyAndDescribesItsApi() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/events"));
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    /** The table of event times and whether the aggregator counts them (tests run in their module's folder). */
    private static final Path TIME_CASES =
            Path.of("../event-model/src/test/resources/io/pulseboard/model/validation/time-cases.tsv");

    /** Raw UTF-8, so RestAssured sends the body as it is whatever the content type. */
    private static byte[] bytes(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private String id(String name) {
        return run + "-" + name;
    }

    private String event(String stream, String name, String more) {
        return "{\"stream\":\"" + stream + "\",\"id\":\"" + id(name) + "\"" + (more.isEmpty() ? "" : "," + more) + "}";
    }

    /** This test's records on pulse.events by event id; fails if any id was published twice. */
    private Map<String, ConsumerRecord<String, String>> publishedByThisTest() {
        List<ConsumerRecord<String, String>> mine = TopicReader.readAll(bootstrapServers, Topics.EVENTS).stream()
                .filter(r -> r.value().contains("\"" + run + "-"))
                .toList();
        return mine.stream()
                .collect(Collectors.toMap(
                        r -> PulseJson.fromJson(r.value(), JsonNode.class)
                                .path("id")
                                .asText(),
                        Function.identity(),
                        (a, b) -> {
                            throw new AssertionError("published twice: " + a.value());
                        }));
    }
}

package io.pulseboard.e2e;

import static io.pulseboard.infra.testkit.TopicWriter.alert;
import static io.pulseboard.infra.testkit.TopicWriter.metrics;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.testkit.TopicWriter;
import io.pulseboard.infra.testkit.WsClient;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Topics;
import io.restassured.response.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built gateway as processes: two instances on the same topics give the same answers (and a third,
 * started after the data was written, rebuilds the same state from the topics); /api is proxied to the
 * built aggregator process, with the auth rule of design.md.
 */
class GatewayIT {

    private static final String VIEWER = "viewer-e2e";
    private static final String OPERATOR = "operator-e2e";

    private static PulseInfra infra;
    private static ServiceProcess aggregator;
    private static ServiceProcess gatewayA;
    private static ServiceProcess gatewayB;

    @BeforeAll
    static void startStack() {
        infra = PulseInfra.start(InfraOptions.defaults());
        aggregator = Stack.start("aggregator-service", infra, Map.of());
        gatewayA = startGateway();
        gatewayB = startGateway();
        aggregator.awaitReady(Stack.START_TIMEOUT);
        gatewayA.awaitReady(Stack.START_TIMEOUT);
        gatewayB.awaitReady(Stack.START_TIMEOUT);
    }

    private static ServiceProcess startGateway() {
        return Stack.start(
                "gateway-service",
                infra,
                Map.of(
                        "pulse.gateway.auth.viewer-tokens", VIEWER,
                        "pulse.gateway.auth.operator-tokens", OPERATOR,
                        "pulse.gateway.aggregator.url", aggregator.uri("").toString()));
    }

    @AfterAll
    static void stopStack() {
        Stack.closeAll(gatewayA, gatewayB, aggregator, infra);
    }

    private static URI ws(ServiceProcess gateway) {
        return URI.create("ws://" + gateway.uri("").getAuthority() + "/ws?token=" + VIEWER);
    }

    private static WsClient subscribed(ServiceProcess gateway, String streams) {
        WsClient client = WsClient.connect(ws(gateway));
        client.next("welcome");
        client.send("{\"type\":\"subscribe\",\"streams\":[\"" + streams + "\"]}");
        client.next("subscribed");
        return client;
    }

    private static Predicate<JsonNode> revision(String stream, long revision) {
        return m -> stream.equals(m.path("data").path("stream").asText())
                && m.path("data").path("revision").asLong() == revision;
    }

    /** A subscription's snapshot as JSON texts, in a stable order. */
    private static List<String> snapshot(ServiceProcess gateway, String streams) {
        try (WsClient client = subscribed(gateway, streams)) {
            return client.flush().stream().map(JsonNode::toString).sorted().toList();
        }
    }

    @Test
    void twoInstancesOnTheSameTopicsGiveTheSameAnswersAndAFreshOneRebuildsThem() {
        try (TopicWriter topics = new TopicWriter(infra.kafkaBootstrapServers());
                WsClient onA = subscribed(gatewayA, "two.**");
                WsClient onB = subscribed(gatewayB, "two.**")) {
            for (long revision = 1; revision <= 5; revision++) {
                for (String stream : List.of("two.api", "two.web", "two.llm.chat")) {
                    topics.send(metrics(stream, revision * 10, revision));
                }
            }
            topics.send(alert("r1", "two.api", AlertState.FIRING, 1));
            topics.send(alert("r2", "two.web", AlertState.PENDING, 1));
            topics.send(alert("r2", "two.web", AlertState.RESOLVED, 2));

            // Live: both deliver the same last states and the same alert changes.
            for (WsClient client : List.of(onA, onB)) {
                client.untilAll(List.of(
                        revision("two.api", 5),
                        revision("two.web", 5),
                        revision("two.llm.chat", 5),
                        m -> "alert".equals(m.path("type").asText())
                                && m.path("data").path("revision").asLong() == 2));
            }

            List<String> fromA = snapshot(gatewayA, "two.**");
            assertThat(fromA).hasSize(4);
            assertThat(fromA).filteredOn(m -> m.contains("\"revision\":5")).hasSize(3);
            assertThat(fromA)
                    .filteredOn(m -> m.contains("\"type\":\"alert\""))
                    .singleElement()
                    .asString()
                    .contains("\"rule_id\":\"r1\"");
            assertThat(snapshot(gatewayB, "two.**")).isEqualTo(fromA);

            try (ServiceProcess fresh = startGateway().awaitReady(Stack.START_TIMEOUT)) {
                assertThat(snapshot(fresh, "two.**")).isEqualTo(fromA);
            }
        }
    }

    @Test
    void apiCallsPassThroughToTheAggregatorWithStatusHeadersAndBody() {
        String path = "/api/no-such-resource/x?page=2&size=5";
        Response direct = given().get(aggregator.uri(path));
        Response proxied = given().header("Authorization", "Bearer " + VIEWER).get(gatewayA.uri(path));
        assertThat(proxied.statusCode()).isEqualTo(direct.statusCode()).isEqualTo(404);
        assertThat(proxied.contentType()).isEqualTo(direct.contentType());
        assertThat(proxied.asString()).isEqualTo(direct.asString());

        // A body goes up and the answer comes back the same way, for an operator; the token parameter is not forwarded.
        byte[] body = "{\"name\":\"e2e rule\"}".getBytes(StandardCharsets.UTF_8);
        Response directPost =
                given().contentType("application/json").body(body).post(aggregator.uri("/api/no-such-resource"));
        Response proxiedPost = given().queryParam("token", OPERATOR)
                .contentType("application/json")
                .body(body)
                .post(gatewayA.uri("/api/no-such-resource"));
        assertThat(proxiedPost.statusCode()).isEqualTo(directPost.statusCode());
        assertThat(proxiedPost.contentType()).isEqualTo(directPost.contentType());
        assertThat(proxiedPost.asString()).isEqualTo(directPost.asString());

        Response head = given().header("Authorization", "Bearer " + VIEWER).head(gatewayA.uri(path));
        assertThat(head.statusCode())
                .isEqualTo(given().head(aggregator.uri(path)).statusCode());
    }

    @Test
    void anExportOfThousandsOfRowsComesThroughByteForByte() throws Exception {
        // 100 streams with an event in each of the last 30 hours: 3,000 hourly rows, about a megabyte of CSV.
        Instant firstHour = TopicWriter.currentHour().minus(Duration.ofHours(29));
        Map<String, Long> expected = new HashMap<>();
        try (TopicWriter topics = new TopicWriter(infra.kafkaBootstrapServers())) {
            for (int s = 0; s < 100; s++) {
                String stream = "export.s" + s;
                for (int h = 0; h < 30; h++) {
                    Instant hour = firstHour.plus(Duration.ofHours(h));
                    topics.sendAsync(
                            Topics.EVENTS,
                            stream,
                            "{\"stream\":\"" + stream + "\",\"time\":\"" + hour.plusSeconds(60)
                                    + "\",\"values\":{\"latency_ms\":" + (s * 30 + h) + "}}");
                    expected.put(stream + "@" + hour, 1L);
                }
            }
            topics.flush();
        }
        assertThat(StoredCounts.awaitEqual(infra, "export", expected, Duration.ofSeconds(120)))
                .isEqualTo(expected);

        String path = "/api/export/metrics?stream=export.*&from=" + firstHour + "&format=csv";
        Response direct = given().get(aggregator.uri(path));
        Response proxied = given().header("Authorization", "Bearer " + VIEWER).get(gatewayA.uri(path));
        assertThat(direct.statusCode()).isEqualTo(200);
        assertThat(proxied.statusCode()).isEqualTo(200);
        assertThat(proxied.contentType()).isEqualTo(direct.contentType());
        assertThat(proxied.header("Content-Disposition"))
                .isEqualTo(direct.header("Content-Disposition"))
                .contains("attachment");
        byte[] body = proxied.asByteArray();
        assertThat(body).isEqualTo(direct.asByteArray());
        assertThat(new String(body, StandardCharsets.UTF_8).lines()).hasSize(3001); // the header and every row
        assertThat(body.length).isGreaterThan(500_000);
    }

    @Test
    void anUnreachableAggregatorIs502AndAFrozenOne504() {
        Map<String, String> tokens =
                Map.of("pulse.gateway.auth.viewer-tokens", VIEWER, "pulse.gateway.auth.operator-tokens", OPERATOR);
        Map<String, String> nowhere = new HashMap<>(tokens);
        nowhere.put("pulse.gateway.aggregator.url", "http://127.0.0.1:1");
        Map<String, String> impatient = new HashMap<>(tokens);
        impatient.put("pulse.gateway.aggregator.url", aggregator.uri("").toString());
        impatient.put("pulse.gateway.aggregator.idle-timeout", "2s");
        try (ServiceProcess toNowhere = Stack.start("gateway-service", infra, nowhere);
                ServiceProcess toFrozen = Stack.start("gateway-service", infra, impatient)) {
            toNowhere.awaitReady(Stack.START_TIMEOUT);
            toFrozen.awaitReady(Stack.START_TIMEOUT);

            given().header("Authorization", "Bearer " + VIEWER)
                    .get(toNowhere.uri("/api/streams"))
                    .then()
                    .statusCode(502)
                    .contentType("application/problem+json")
                    .body("detail", containsString("could not be reached"));

            Stack.signal("STOP", aggregator.pid());
            try {
                given().header("Authorization", "Bearer " + VIEWER)
                        .get(toFrozen.uri("/api/streams"))
                        .then()
                        .statusCode(504)
                        .contentType("application/problem+json")
                        .body("detail", containsString("did not answer in time"));
            } finally {
                Stack.signal("CONT", aggregator.pid());
            }
            given().header("Authorization", "Bearer " + VIEWER)
                    .get(toFrozen.uri("/api/streams"))
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void theApiRefusesAViewerThatWritesAndACallerWithoutToken() {
        given().header("Authorization", "Bearer " + VIEWER)
                .contentType("application/json")
                .body("{}".getBytes(StandardCharsets.UTF_8))
                .post(gatewayA.uri("/api/rules"))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("status", equalTo(403))
                .body("detail", containsString("operator token"));
        given().get(gatewayB.uri("/api/streams")).then().statusCode(401).contentType("application/problem+json");
        assertThat(WsClient.refusedStatus(URI.create("ws://" + gatewayB.uri("").getAuthority() + "/ws"), Map.of()))
                .isEqualTo(401);
    }

    @Test
    void aRuleIsDisabledThroughTheGatewayFromItsOwnPageButNotFromAForeignOne() {
        String id = given().contentType("application/json")
                .body(
                        "{\"name\": \"guarded\", \"stream\": \"guard.*\", \"expr\": \"count > 10\", \"severity\": \"critical\"}")
                .post(aggregator.uri("/api/rules"))
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        String disable = "/api/rules/" + id + "/disable";

        given().header("Authorization", "Bearer " + OPERATOR)
                .header("Origin", "http://evil.example")
                .contentType("text/plain")
                .body("".getBytes(StandardCharsets.UTF_8))
                .post(gatewayA.uri(disable))
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("origin", equalTo("http://evil.example"));
        given().get(aggregator.uri("/api/rules/" + id)).then().statusCode(200).body("enabled", equalTo(true));

        // The dashboard's own page: the gateway checks its Origin and forwards without it, so the aggregator,
        // under another host and port, takes the change.
        String own = "http://" + gatewayA.uri("").getAuthority();
        given().header("Authorization", "Bearer " + OPERATOR)
                .header("Origin", own)
                .header("Sec-Fetch-Site", "same-origin")
                .post(gatewayA.uri(disable))
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        given().get(aggregator.uri("/api/rules/" + id)).then().body("enabled", equalTo(false));
        given().delete(aggregator.uri("/api/rules/" + id)).then().statusCode(204);
    }

    @Test
    void aGatewayWithoutAReachableBrokerIsLiveButNotReady() {
        try (ServiceProcess orphan =
                Stack.start("gateway-service", infra, Map.of("kafka.bootstrap.servers", "127.0.0.1:1"))) {
            orphan.awaitLive(Stack.START_TIMEOUT);
            given().get(orphan.uri("/q/health/ready")).then().statusCode(503).body("status", equalTo("DOWN"));
        }
    }
}

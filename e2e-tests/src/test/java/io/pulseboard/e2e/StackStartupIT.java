package io.pulseboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.launch.StackFile;
import io.pulseboard.infra.launch.StackLauncher;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.pulseboard.model.json.PulseJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The three services, built and started as separate processes by the stack launcher (the code that
 * {@code ./pulseboard} runs), on a real broker and database.
 */
class StackStartupIT {

    private static StackLauncher.LaunchedStack stack;
    private static PulseInfra infra;
    private static ServiceProcess ingest;
    private static ServiceProcess aggregator;
    private static ServiceProcess gateway;

    @BeforeAll
    static void startStack() {
        stack = Stack.launch("ingest", "aggregator", "gateway");
        infra = stack.infra();
        ingest = stack.service("ingest");
        aggregator = stack.service("aggregator");
        gateway = stack.service("gateway");
    }

    @AfterAll
    static void stopStack() {
        Stack.closeAll(stack);
    }

    @Test
    void theStackFileNamesEveryPartAsItRuns() throws Exception {
        Path file = Stack.logs().resolve("stack-" + System.nanoTime() + ".json");
        stack.describe().write(file);
        StackFile read = StackFile.read(file);

        assertThat(read.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(read.kafka().bootstrapServers()).isEqualTo(infra.kafkaBootstrapServers());
        assertThat(read.postgres().jdbcUrl()).isEqualTo(infra.jdbcUrl());
        assertThat(read.postgres().username()).isEqualTo(infra.username());
        assertThat(read.infraPids()).isEqualTo(infra.processIds());
        assertThat(read.services()).containsOnlyKeys("ingest", "aggregator", "gateway");
        for (ServiceProcess service : List.of(ingest, aggregator, gateway)) {
            StackFile.Service entry = read.services().get(service.name());
            assertThat(entry.url()).isEqualTo(service.uri("").toString());
            assertThat(entry.port()).isEqualTo(service.port());
            assertThat(entry.pid()).isEqualTo(service.pid());
            assertThat(Path.of(entry.log())).isRegularFile();
            given().get(entry.url() + "/q/health/ready").then().statusCode(200);
        }
        // The gateway reaches the aggregator the launcher started: its rules are the aggregator's.
        given().get(gateway.uri("/api/rules")).then().statusCode(200);
        assertThat(Files.readString(file)).contains("\"bootstrap_servers\"", "\"jdbc_url\"", "\"infra_pids\"");
    }

    @Test
    void everyServiceIsReadyAndServesItsOperationalEndpoints() {
        for (ServiceProcess service : List.of(ingest, aggregator, gateway)) {
            given().get(service.uri("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
            given().get(service.uri("/q/health/live")).then().statusCode(200).body("status", equalTo("UP"));
            given().get(service.uri("/q/metrics")).then().statusCode(200);
            given().get(service.uri("/q/openapi")).then().statusCode(200);
        }
    }

    @Test
    void eventsPostedToTheIngestProcessAreOnTheTopicOnceWithTheirKey() {
        String run = UUID.randomUUID().toString();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            body.append("{\"stream\":\"e2e.s")
                    .append(i % 5)
                    .append("\",\"id\":\"")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append("\",\"values\":{\"latency_ms\":")
                    .append(i)
                    .append("}}\n");
        }
        body.append("{\"stream\":\"e2e.bad\",\"id\":\"").append(run).append("-bad\",\"status\":\"unknown\"}\n");

        given().contentType("application/x-ndjson")
                .body(body.toString().getBytes(StandardCharsets.UTF_8))
                .post(ingest.uri("/api/events"))
                .then()
                .statusCode(200)
                .body("accepted", equalTo(50))
                .body("rejected", equalTo(1))
                .body("problems[0].line", equalTo(51));

        List<ConsumerRecord<String, String>> mine =
                TopicReader.readAll(infra.kafkaBootstrapServers(), Topics.EVENTS).stream()
                        .filter(r -> r.value().contains(run))
                        .toList();
        assertThat(mine).hasSize(50);
        assertThat(mine)
                .extracting(r ->
                        PulseJson.fromJson(r.value(), JsonNode.class).path("id").asText())
                .doesNotHaveDuplicates()
                .doesNotContain(run + "-bad");
        assertThat(mine)
                .allSatisfy(r -> assertThat(r.key())
                        .isEqualTo(PulseJson.fromJson(r.value(), JsonNode.class)
                                .path("stream")
                                .asText()));
    }

    @Test
    void ingestWithoutAReachableBrokerIsNotReadyAndSaysEventsFailed() {
        try (ServiceProcess orphan = Stack.start(
                "ingest-service",
                infra,
                Map.of(
                        "kafka.bootstrap.servers", "127.0.0.1:1",
                        "mp.messaging.outgoing.events.max.block.ms", "2000",
                        "mp.messaging.outgoing.events.delivery.timeout.ms", "3000",
                        "mp.messaging.outgoing.events.request.timeout.ms", "2000"))) {
            orphan.awaitLive(Stack.START_TIMEOUT);
            given().get(orphan.uri("/q/health/ready")).then().statusCode(503);
            given().contentType("application/x-ndjson")
                    .body("{\"stream\":\"lost.api\"}".getBytes(StandardCharsets.UTF_8))
                    .post(orphan.uri("/api/events"))
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("failed", equalTo(1))
                    .body("accepted", equalTo(0))
                    .body("problems[0].status", equalTo("failed"));
        }
    }
}

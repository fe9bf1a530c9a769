package io.pulseboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.testkit.WsClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole stack against a broker that accepts clients only over SASL_PLAINTEXT with PLAIN, with
 * the credentials in the services' environment (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM,
 * KAFKA_SASL_JAAS_CONFIG): events posted to ingest are counted exactly in PostgreSQL (so the
 * aggregator's consumer and producers, rule table and admin all got in), and a WebSocket client of
 * the gateway gets their metrics (so did the gateway's feed readers).
 */
class KafkaSaslIT {

    private static final String PREFIX = "sasl";
    private static final int STREAMS = 3;
    private static final int EVENTS_PER_STREAM = 250;

    @RegisterExtension
    static final InfraExtension infra = new InfraExtension(InfraOptions.builder()
            .kafkaSasl(new InfraOptions.SaslUser("pulse", "pulse-sasl-secret"))
            .build());

    @Test
    void theBrokerRefusesAClientWithoutSasl() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.get().kafkaBootstrapServers());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        try (Admin plain = Admin.create(p)) {
            assertThatThrownBy(() -> plain.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                            .nodes()
                            .get(10, TimeUnit.SECONDS))
                    .as("a plaintext client")
                    .isNotNull();
        }
    }

    @Test
    void ingestAggregatorAndGatewayCountEveryEventOnceOverSasl() throws Exception {
        ServiceProcess ingest = Stack.startWithKafkaEnvironment("ingest-service", infra.get(), Map.of());
        ServiceProcess aggregator = Stack.startWithKafkaEnvironment("aggregator-service", infra.get(), Map.of());
        ServiceProcess gateway = Stack.startWithKafkaEnvironment("gateway-service", infra.get(), Map.of());
        try {
            ingest.awaitReady(Stack.START_TIMEOUT);
            aggregator.awaitReady(Stack.START_TIMEOUT);
            gateway.awaitReady(Stack.START_TIMEOUT);

            Instant time = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            Instant hour = time.truncatedTo(ChronoUnit.HOURS);
            Map<String, Long> expected = new HashMap<>();
            List<Predicate<JsonNode>> metrics = new ArrayList<>();
            StringBuilder body = new StringBuilder();
            for (int s = 0; s < STREAMS; s++) {
                String stream = PREFIX + ".s" + s;
                expected.put(stream + "@" + hour, (long) EVENTS_PER_STREAM);
                metrics.add(m -> "metrics".equals(m.path("type").asText())
                        && stream.equals(m.path("data").path("stream").asText())
                        && m.path("data").path("count").asLong() == EVENTS_PER_STREAM);
                for (int i = 0; i < EVENTS_PER_STREAM; i++) {
                    body.append("{\"stream\":\"")
                            .append(stream)
                            .append("\",\"time\":")
                            .append(time.toEpochMilli())
                            .append(",\"values\":{\"latency_ms\":")
                            .append(i)
                            .append("}}\n");
                }
            }

            try (WsClient client =
                    WsClient.connect(URI.create("ws://" + gateway.uri("").getAuthority() + "/ws"))) {
                client.next("welcome");
                client.send("{\"type\":\"subscribe\",\"streams\":[\"" + PREFIX + ".**\"]}");
                client.next("subscribed");

                given().contentType("application/x-ndjson")
                        .body(body.toString().getBytes(StandardCharsets.UTF_8))
                        .post(ingest.uri("/api/events"))
                        .then()
                        .statusCode(200)
                        .body("accepted", equalTo(STREAMS * EVENTS_PER_STREAM));

                assertThat(StoredCounts.awaitEqual(infra.get(), PREFIX, expected, Duration.ofMinutes(2)))
                        .as("counts in PostgreSQL")
                        .isEqualTo(expected);
                client.untilAll(metrics);
            }
        } finally {
            Stack.closeAll(gateway, aggregator, ingest);
        }
    }
}

package io.pulseboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.Mode;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.model.json.PulseJson;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Readiness follows the aggregator's dependencies: {@code /q/health/ready} is DOWN while PostgreSQL
 * or Kafka does not answer, and UP again once it does, while liveness stays UP (a restart would not
 * help). "Does not answer" is real: the server processes are frozen (SIGSTOP), so connections hang
 * as on a network partition, and thawed (SIGCONT) afterwards. That needs the local processes, so
 * this test runs on the local infrastructure whatever the build's mode.
 */
class AggregatorReadinessIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static PulseInfra infra;

    @BeforeAll
    static void startInfra() {
        infra = PulseInfra.start(InfraOptions.builder().mode(Mode.LOCAL).build());
    }

    @AfterAll
    static void stopInfra() {
        if (infra != null) {
            infra.processIds().values().forEach(pid -> Stack.signal("CONT", pid));
            infra.close();
        }
    }

    @Test
    void readyOnlyWhileDatabaseAndBrokerAnswer() throws Exception {
        try (ServiceProcess aggregator =
                Stack.start("aggregator-service", infra, java.util.Map.of()).awaitReady(Stack.START_TIMEOUT)) {
            assertThat(ready(aggregator)).isEqualTo(200);

            downWhileFrozen(aggregator, "postgres", "PostgreSQL");
            downWhileFrozen(aggregator, "kafka", "Kafka");
        }
    }

    /** Freezes one server: readiness goes DOWN naming its check, liveness stays UP; thawed, readiness is UP again. */
    private static void downWhileFrozen(ServiceProcess aggregator, String process, String check) throws Exception {
        long pid = infra.processIds().get(process);
        Stack.signal("STOP", pid);
        try {
            String down = awaitStatus(aggregator, 503, check + " frozen");
            assertThat(checkStatus(down, check))
                    .as("the %s check while frozen: %s", check, down)
                    .isEqualTo("DOWN");
            assertThat(live(aggregator)).as("liveness stays UP").isEqualTo(200);
        } finally {
            Stack.signal("CONT", pid);
        }
        awaitStatus(aggregator, 200, check + " thawed");
    }

    private static String checkStatus(String health, String name) throws IOException {
        for (JsonNode c : PulseJson.mapper().readTree(health).get("checks")) {
            if (c.get("name").asText().equals(name)) {
                return c.get("status").asText();
            }
        }
        return "absent";
    }

    /** Polls readiness until it answers {@code status}; returns that answer's body. */
    private static String awaitStatus(ServiceProcess service, int status, String when) {
        AtomicReference<String> body = new AtomicReference<>();
        Awaitility.await("readiness answering " + status + " with " + when)
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(IOException.class) // the check itself timed out: not an answer yet
                .untilAsserted(() -> {
                    HttpResponse<String> last = get(service, "/q/health/ready");
                    assertThat(last.statusCode())
                            .as("readiness (body %s)", last.body())
                            .isEqualTo(status);
                    body.set(last.body());
                });
        return body.get();
    }

    private static int ready(ServiceProcess service) throws Exception {
        return get(service, "/q/health/ready").statusCode();
    }

    private static int live(ServiceProcess service) throws Exception {
        return get(service, "/q/health/live").statusCode();
    }

    private static HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(service.uri(path))
                        .timeout(Duration.ofSeconds(20))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

package io.pulseboard.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many clients that send their bodies a byte at a time (slowloris) neither keep others from being
 * served nor stay connected: each body must arrive whole within pulse.ingest.body-timeout.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
@TestProfile(SlowBodiesTest.ShortDeadline.class)
class SlowBodiesTest {

    /** More slow bodies than the default worker pool has threads (200). */
    private static final int SLOW = 250;

    public static class ShortDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("pulse.ingest.body-timeout", "20s");
        }
    }

    @TestHTTPResource("/")
    URL base;

    @Test
    void slowBodiesKeepNobodyWaitingAndAreCutWith408AtTheDeadline() throws Exception {
        RestAssuredConfig patient = RestAssuredConfig.config()
                .httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.connection.timeout", 5_000)
                        .setParam("http.socket.timeout", 20_000));
        // The first publication also connects to Kafka: not what is measured here.
        normalPost(patient, "warm-up");
        List<Socket> slow = new CopyOnWriteArrayList<>();
        ScheduledExecutorService dribbler = Executors.newSingleThreadScheduledExecutor();
        try {
            for (int i = 0; i < SLOW; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream()
                        .write(("POST /api/events HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort()
                                        + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: 100000\r\n\r\n{")
                                .getBytes(StandardCharsets.US_ASCII));
                slow.add(socket);
            }
            // One more byte of each body every half second: never idle, never done.
            dribbler.scheduleWithFixedDelay(() -> slow.forEach(SlowBodiesTest::oneByte), 0, 500, TimeUnit.MILLISECONDS);

            for (int i = 0; i < 3; i++) {
                normalPost(patient, "normal-" + i);
            }
            // Served while every slow body was still being received.
            for (Socket socket : slow) {
                assertThat(socket.getInputStream().available())
                        .as("an answer before the deadline")
                        .isZero();
            }

            List<String> answers = new ArrayList<>();
            for (Socket socket : slow) {
                socket.setSoTimeout(60_000);
                answers.add(new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(answers)
                    .allSatisfy(answer -> assertThat(answer)
                            .startsWith("HTTP/1.1 408")
                            .containsIgnoringCase("content-type: application/problem+json")
                            .contains("pulse.ingest.body-timeout"));
        } finally {
            dribbler.shutdownNow();
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    private static void normalPost(RestAssuredConfig config, String id) {
        given().config(config)
                .contentType("application/x-ndjson")
                .body(("{\"stream\":\"patient.api\",\"id\":\"" + id + "\"}\n").getBytes(StandardCharsets.UTF_8))
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
    }

    /** One more byte, until the server has answered (as a client would stop sending then). */
    private static void oneByte(Socket socket) {
        try {
            if (socket.getInputStream().available() > 0) {
                return;
            }
            OutputStream out = socket.getOutputStream();
            out.write(' ');
            out.flush();
        } catch (IOException closedByTheServer) {
            // Expected once the deadline has passed.
        }
    }
}

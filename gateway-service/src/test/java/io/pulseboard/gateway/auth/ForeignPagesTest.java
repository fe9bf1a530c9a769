package io.pulseboard.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Without tokens, on loopback: another site's page must not write through /api, and a page reached
 * under a rebound DNS name must get nothing, neither /api nor the WebSocket. The aggregator address
 * points at a port where nothing listens: a request the gateway forwards gets 502, a refused one 403.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
@TestProfile(ForeignPagesTest.NoTokens.class)
class ForeignPagesTest {

    public static class NoTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.gateway.allowed-origins", "https://dashboard.example.org",
                    "pulse.http.allowed-origins", "https://tools.example.org",
                    "pulse.gateway.aggregator.url", "http://127.0.0.1:1");
        }
    }

    private static final String PROBLEM = "application/problem+json";

    @TestHTTPResource("/")
    URI self;

    @Test
    void aWriteThroughTheApiFromAForeignOriginIsRefusedBeforeItIsForwarded() {
        given().header("Origin", "http://evil.example")
                .contentType("text/plain")
                .body("")
                .post("/api/rules/r1/disable")
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(403))
                .body("origin", equalTo("http://evil.example"))
                .body("detail", containsString("'http://evil.example'"))
                .body("instance", equalTo("/api/rules/r1/disable"));
        given().header("Origin", "http://evil.example")
                .delete("/api/rules/r1")
                .then()
                .statusCode(403);
        given().header("Sec-Fetch-Site", "cross-site")
                .contentType("text/plain")
                .body("{}")
                .post("/api/alerts/a1/ack")
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM));

        // The dashboard (same origin), the configured origins under either setting, and a client without Origin pass.
        for (String origin : new String[] {
            "http://" + self.getAuthority(), "https://dashboard.example.org", "https://tools.example.org"
        }) {
            given().header("Origin", origin)
                    .post("/api/rules/r1/disable")
                    .then()
                    .statusCode(502);
        }
        given().post("/api/rules/r1/disable").then().statusCode(502);
        // Reading needs no Origin check: the browser keeps a foreign page from reading the answer.
        given().header("Origin", "http://evil.example")
                .get("/api/streams")
                .then()
                .statusCode(502);
    }

    @Test
    void aForeignHostGetsNeitherTheDashboardNorTheApi() {
        String host = "evil.example:" + self.getPort();
        given().header("Host", host)
                .get("/")
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM))
                .body("host", equalTo(host))
                .body("detail", containsString("pulse.http.allowed-hosts"));
        given().header("Host", host).get("/api/streams").then().statusCode(403);
        given().header("Host", host).post("/api/rules/r1/disable").then().statusCode(403);
        given().header("Host", "127.0.0.1:" + self.getPort()).get("/").then().statusCode(200);
    }

    @Test
    void theWebSocketChecksHostAndOriginWithoutTokensToo() throws IOException {
        assertThat(upgradeStatus("evil.example:" + self.getPort(), null)).isEqualTo(403);
        assertThat(upgradeStatus("localhost:" + self.getPort(), "http://evil.example"))
                .isEqualTo(403);
        assertThat(upgradeStatus("localhost:" + self.getPort(), "http://localhost:" + self.getPort()))
                .isEqualTo(101);
        assertThat(upgradeStatus("localhost:" + self.getPort(), null)).isEqualTo(101);

        URI ws = URI.create("ws://" + self.getAuthority() + "/ws");
        assertThat(WsClient.refusedStatus(ws, Map.of("Origin", "http://evil.example")))
                .isEqualTo(403);
        try (WsClient configured = WsClient.connect(ws, Map.of("Origin", "https://tools.example.org"), true)) {
            configured.next("welcome");
        }
    }

    /**
     * The status of a WebSocket upgrade sent as raw HTTP, so that the Host header is the test's (Java's
     * clients set it from the address); origin may be null.
     */
    private int upgradeStatus(String host, String origin) throws IOException {
        try (Socket socket = new Socket(self.getHost(), self.getPort())) {
            socket.setSoTimeout(30_000);
            String request = "GET /ws HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + (origin == null ? "" : "Origin: " + origin + "\r\n") + "\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String status = new BufferedReader(
                            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}

package io.pulseboard.gateway.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.WsClient;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tokens and origins on /ws and /api, with tokens configured. The aggregator address points at a port
 * where nothing listens: a request that passes the auth checks then gets 502 from the proxy.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
@TestProfile(AuthTest.WithTokens.class)
class AuthTest {

    public static class WithTokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "pulse.gateway.auth.viewer-tokens", "viewer-secret",
                    "pulse.gateway.auth.operator-tokens", "operator-secret",
                    "pulse.gateway.allowed-origins", "https://dashboard.example.org",
                    "pulse.gateway.aggregator.url", "http://127.0.0.1:1");
        }
    }

    @TestHTTPResource("/ws")
    URI http;

    private URI ws(String query) {
        return URI.create(http.toString().replaceFirst("^http", "ws") + query);
    }

    @Test
    void aWebSocketWithoutAKnownTokenIsRefused() {
        assertThat(WsClient.refusedStatus(ws(""), Map.of())).isEqualTo(401);
        assertThat(WsClient.refusedStatus(ws("?token=guess"), Map.of())).isEqualTo(401);
        assertThat(WsClient.refusedStatus(ws(""), Map.of("Authorization", "Bearer viewer-secre")))
                .isEqualTo(401);
    }

    @Test
    void aViewerOrOperatorTokenOpensTheWebSocketByHeaderOrQueryParameter() {
        for (WsClient client : new WsClient[] {
            WsClient.connect(ws(""), Map.of("Authorization", "Bearer viewer-secret"), true),
            WsClient.connect(ws("?token=operator-secret"), Map.of(), true)
        }) {
            try (client) {
                assertThat(client.next("welcome").path("server").asText()).isEqualTo("pulse-gateway");
            }
        }
    }

    @Test
    void onlyTheGatewaysOwnAndTheConfiguredOriginsMayOpenTheWebSocket() {
        assertThat(WsClient.refusedStatus(ws("?token=viewer-secret"), Map.of("Origin", "https://evil.example.com")))
                .isEqualTo(403);
        try (WsClient configured =
                WsClient.connect(ws("?token=viewer-secret"), Map.of("Origin", "https://dashboard.example.org"), true)) {
            configured.next("welcome");
        }
        String own = "http://" + http.getAuthority();
        try (WsClient sameOrigin = WsClient.connect(ws("?token=viewer-secret"), Map.of("Origin", own), true)) {
            sameOrigin.next("welcome");
        }
        // The origin is checked before the token: a foreign page learns nothing about tokens.
        assertThat(WsClient.refusedStatus(ws(""), Map.of("Origin", "https://evil.example.com")))
                .isEqualTo(403);
    }

    @Test
    void theApiNeedsATokenAndAViewerMayOnlyRead() {
        given().get("/api/streams")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("status", equalTo(401))
                .body("detail", containsString("bearer token is needed"));
        given().header("Authorization", "Bearer nope")
                .get("/api/streams")
                .then()
                .statusCode(401)
                .body("detail", containsString("not known"));
        given().header("Authorization", "Bearer viewer-secret")
                .contentType("application/json")
                .body("{}".getBytes())
                .post("/api/rules")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("detail", containsString("operator token"))
                .body("instance", equalTo("/api/rules"));
        given().header("Authorization", "Bearer viewer-secret")
                .delete("/api/rules/1")
                .then()
                .statusCode(403);
        // Allowed through: the (unreachable) aggregator is asked, hence 502.
        given().header("Authorization", "Bearer viewer-secret")
                .get("/api/streams")
                .then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("detail", containsString("could not be reached"));
        given().queryParam("token", "operator-secret")
                .contentType("application/json")
                .body("{}".getBytes())
                .post("/api/rules")
                .then()
                .statusCode(502);
    }

    @Test
    void theDashboardAndOperationalEndpointsNeedNoToken() {
        given().get("/").then().statusCode(200).body(containsString("<title>Pulseboard</title>"));
        given().get("/q/health/live").then().statusCode(200);
    }
}

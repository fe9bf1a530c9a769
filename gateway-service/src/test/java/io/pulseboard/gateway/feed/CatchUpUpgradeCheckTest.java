package io.pulseboard.gateway.feed;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.infra.testkit.WsClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A gateway that has not read the topics up to where they were at start (here: its broker does not
 * answer) refuses WebSocket upgrades with 503 and Retry-After, so that clients come back later instead
 * of getting a partial state followed by older ones.
 */
@QuarkusTest
@TestProfile(CatchUpUpgradeCheckTest.NoBroker.class)
class CatchUpUpgradeCheckTest {

    public static class NoBroker implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kafka.bootstrap.servers", "127.0.0.1:1");
        }
    }

    @TestHTTPResource("/ws")
    URI ws;

    @Test
    void anUpgradeBeforeTheFeedCaughtUpIs503WithRetryAfter() {
        assertThat(WsClient.refusedStatus(URI.create(ws.toString().replaceFirst("^http", "ws")), Map.of()))
                .isEqualTo(503);
        given().header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .get("/ws")
                .then()
                .statusCode(503)
                .header("Retry-After", "1");
    }
}

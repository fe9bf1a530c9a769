package io.pulseboard.ingest.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.infra.testkit.TopicReader;
import io.pulseboard.model.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A page of another site, or one reached under a rebound DNS name, must not publish events: a
 * text/plain post needs no CORS preflight, so without these checks the browser would send it.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class ForeignPagesTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @TestHTTPResource("/")
    URI self;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aPostFromAForeignOriginIsRefusedAndPublishesNothingWhileSameOriginAndNoOriginPass() {
        given().header("Origin", "http://evil.example")
                .contentType("text/plain")
                .body(event("csrf"))
                .post("/api/events")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(403))
                .body("origin", equalTo("http://evil.example"))
                .body("detail", containsString("'http://evil.example'"))
                .body("detail", containsString("pulse.http.allowed-origins"))
                .body("instance", equalTo("/api/events"));
        given().header("Sec-Fetch-Site", "cross-site")
                .contentType("text/plain")
                .body(event("fetch"))
                .post("/api/events")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("cross-site"));

        String own = "http://" + self.getAuthority();
        given().header("Origin", own)
                .header("Sec-Fetch-Site", "same-origin")
                .contentType("text/plain")
                .body(event("same"))
                .post("/api/events")
                .then()
                .statusCode(200)
                .body("accepted", equalTo(1));
        given().contentType("text/plain")
                .body(event("curl"))
                .post("/api/events")
                .then()
                .statusCode(200);

        // The accepted ones were acknowledged by Kafka before the answer: had the refused ones been sent, they would be
        // there.
        assertThat(publishedIds()).containsExactlyInAnyOrder(run + "-same", run + "-curl");
    }

    @Test
    void aForeignHostIsRefusedOnWritesAndReadsNamingTheSetting() {
        given().header("Host", "evil.example:" + self.getPort())
                .contentType("application/json")
                .body(event("rebound"))
                .post("/api/events")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("host", equalTo("evil.example:" + self.getPort()))
                .body("detail", containsString("'evil.example:" + self.getPort() + "'"))
                .body("detail", containsString("pulse.http.allowed-hosts"));
        given().header("Host", "evil.example")
                .get("/q/openapi")
                .then()
                .statusCode(403)
                .contentType(startsWith("application/problem+json"));
        // Loopback names and addresses are this service's own.
        given().header("Host", "127.0.0.1:" + self.getPort())
                .get("/q/health/live")
                .then()
                .statusCode(200);
        given().contentType("application/json")
                .body(event("local"))
                .post("/api/events")
                .then()
                .statusCode(200);

        assertThat(publishedIds()).containsExactly(run + "-local");
    }

    private byte[] event(String name) {
        return ("{\"stream\":\"guard.api\",\"id\":\"" + run + "-" + name + "\"}\n").getBytes(StandardCharsets.UTF_8);
    }

    private List<String> publishedIds() {
        return TopicReader.readAll(bootstrapServers, Topics.EVENTS).stream()
                .map(r -> r.value())
                .filter(v -> v.contains("\"" + run + "-"))
                .map(v -> v.replaceAll(".*\"id\":\"([^\"]*)\".*", "$1"))
                .toList();
    }
}

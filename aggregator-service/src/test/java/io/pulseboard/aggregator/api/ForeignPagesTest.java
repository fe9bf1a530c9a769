package io.pulseboard.aggregator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Another site's page, or a page reached under a rebound DNS name, must not change rules or alerts:
 * refused with problem+json, and nothing changes. Same-origin pages and clients without Origin may.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class ForeignPagesTest {

    private static final String PROBLEM = "application/problem+json";
    private static final String EVIL = "http://evil.example";

    @TestHTTPResource("/")
    URI self;

    private final String name = "guarded " + UUID.randomUUID().toString().substring(0, 8);

    private String createRule() {
        return given().contentType(ContentType.JSON)
                .body("{\"name\": \"" + name
                        + "\", \"stream\": \"guard.*\", \"expr\": \"count > 10\", \"severity\": \"critical\"}")
                .post("/api/rules")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    @Test
    void writesFromAForeignOriginAreRefusedAndChangeNothing() {
        String id = createRule();

        given().header("Origin", EVIL)
                .contentType("text/plain")
                .body("")
                .post("/api/rules/" + id + "/disable")
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM))
                .body("status", equalTo(403))
                .body("origin", equalTo(EVIL))
                .body("detail", containsString("'" + EVIL + "'"))
                .body("instance", equalTo("/api/rules/" + id + "/disable"));
        given().header("Origin", EVIL)
                .delete("/api/rules/" + id)
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM));
        given().header("Origin", EVIL)
                .contentType("text/plain")
                .body("{\"name\": \"" + name
                        + " csrf\", \"stream\": \"guard.*\", \"expr\": \"count > 1\", \"severity\": \"critical\"}")
                .post("/api/rules")
                .then()
                .statusCode(403);
        given().header("Origin", "null")
                .contentType(ContentType.JSON)
                .body("{}")
                .put("/api/rules/" + id)
                .then()
                .statusCode(403);
        given().header("Sec-Fetch-Site", "cross-site")
                .contentType("text/plain")
                .body("{\"by\": \"csrf\"}")
                .post("/api/alerts/any/ack")
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM));

        given().get("/api/rules/" + id)
                .then()
                .statusCode(200)
                .body("enabled", equalTo(true))
                .body("version", equalTo(0));
        given().get("/api/rules").then().body("name", not(hasItem(name + " csrf")));

        // The same page served by this service, and a client without Origin, may.
        given().header("Origin", "http://" + self.getAuthority())
                .post("/api/rules/" + id + "/disable")
                .then()
                .statusCode(200)
                .body("enabled", equalTo(false));
        given().post("/api/rules/" + id + "/enable").then().statusCode(200).body("enabled", equalTo(true));
        given().delete("/api/rules/" + id).then().statusCode(204);
    }

    @Test
    void aForeignHostIsRefusedOnReadsAndWrites() {
        String id = createRule();
        String host = "evil.example:" + self.getPort();
        given().header("Host", host)
                .post("/api/rules/" + id + "/disable")
                .then()
                .statusCode(403)
                .contentType(startsWith(PROBLEM))
                .body("host", equalTo(host))
                .body("detail", containsString("pulse.http.allowed-hosts"));
        given().header("Host", host).get("/api/rules").then().statusCode(403).contentType(startsWith(PROBLEM));
        given().get("/api/rules/" + id).then().statusCode(200).body("enabled", equalTo(true));
        given().header("Host", "127.0.0.1:" + self.getPort())
                .get("/q/health/live")
                .then()
                .statusCode(200);
        given().delete("/api/rules/" + id).then().statusCode(204);
    }
}

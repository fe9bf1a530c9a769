package io.pulseboard.aggregator.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Every query parameter of the REST API, given a value it cannot use, is a 400 problem that names the
 * parameter and the value (never a 404 that looks like a missing path), and a body over the size limit
 * is a 413 problem that says the limit and the setting.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class BadRequestsTest {

    @Test
    void everyBadQueryParameterIsA400NamingItAndItsValue() {
        badRequest("/api/alerts?limit=abc", "limit", "abc");
        badRequest("/api/alerts?limit=1.5", "limit", "1.5");
        badRequest("/api/alerts?limit=99999999999", "limit", "99999999999");
        badRequest("/api/alerts?limit=0", "limit", "0");
        badRequest("/api/alerts?state=burning", "state", "burning");
        badRequest("/api/alerts?severity=dire", "severity", "dire");
        badRequest("/api/alerts?since=yesterday", "since", "yesterday");
        badRequest("/api/alerts?stream=Not%20A%20Stream", "stream", "Not A Stream");
        badRequest("/api/streams/any.api/metrics?from=abc", "from", "abc");
        badRequest("/api/streams/any.api/metrics?to=abc", "to", "abc");
        badRequest("/api/streams/any.api/metrics?step=2h", "step", "2h");
        badRequest("/api/streams/Not%20A%20Stream/metrics", "stream", "Not A Stream");
        badRequest("/api/export/metrics?format=xml", "format", "xml");
        badRequest("/api/export/metrics?from=abc", "from", "abc");
        badRequest("/api/export/metrics?to=abc", "to", "abc");
        badRequest("/api/export/metrics?step=1w", "step", "1w");
        badRequest("/api/export/metrics?stream=a.***", "stream", "***");
    }

    @Test
    void aBodyOverTheLimitIsA413ThatSaysTheLimitAndTheSetting() {
        byte[] big = new byte[11 * 1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        given().contentType(ContentType.JSON)
                .body(big)
                .when()
                .post("/api/rules")
                .then()
                .statusCode(413)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(413))
                .body(
                        "detail",
                        allOf(
                                containsString(String.valueOf(10240 * 1024)),
                                containsString("quarkus.http.limits.max-body-size")));
        // The service goes on answering.
        given().get("/api/rules").then().statusCode(200);
    }

    private static void badRequest(String path, String parameter, String value) {
        given().urlEncodingEnabled(false)
                .get(path)
                .then()
                .statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(400))
                .body("detail", allOf(containsString(parameter), containsString(value)));
    }
}

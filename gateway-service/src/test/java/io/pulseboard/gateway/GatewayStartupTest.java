package io.pulseboard.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class GatewayStartupTest {

    @Test
    void answersReadiness() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void servesTheDashboardPage() {
        given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<title>Pulseboard</title>"));
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("pulse_gateway_connections"))
                .body(containsString("pulse_gateway_messages_sent_total"));
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("Pulseboard gateway API"))
                .body(containsString("/api/streams"))
                .body(containsString("/ws"));
    }
}

package io.pulseboard.aggregator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.pulseboard.aggregator.config.AggregatorSettings;
import io.pulseboard.aggregator.recent.RecentConfig;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class AggregatorStartupTest {

    @Inject
    AggregatorSettings settings;

    @Inject
    RecentConfig recent;

    @Test
    void settingsAreTheMappingsDefaultsWithTheTestProfilesValues() {
        // Started at all: the other modules' pulse.* keys (the test kit's pulse.infra.non-durable) were let through.
        assertThat(settings.aggregator().grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.aggregator().persistInterval()).isEqualTo(Duration.ofMillis(300));
        // A feature's group, injected on its own, is the same settings.
        assertThat(recent.events()).isEqualTo(20).isEqualTo(settings.recent().events());
    }

    @Test
    void isReadyOnlyWithItsDatabase() {
        // The reactive datasource check runs a query against the real PostgreSQL of the test seam.
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("PostgreSQL"))
                .body("checks.name", hasItem("Kafka"))
                .body("checks.name", hasItem("Pulseboard aggregation"));
    }

    @Test
    void exposesPrometheusMetricsAndOpenApi() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(containsString("pulse_aggregator_events_consumed_total"))
                .body(containsString("pulse_aggregator_events_invalid_total"))
                .body(containsString("pulse_aggregator_events_late_total"))
                .body(containsString("pulse_aggregator_flush_seconds"))
                .body(containsString("pulse_aggregator_consumer_lag_total"));
        given().get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("Pulseboard aggregator API"))
                .body(containsString("/api/streams/{stream}/metrics"))
                .body(containsString("/api/export/metrics"));
    }
}

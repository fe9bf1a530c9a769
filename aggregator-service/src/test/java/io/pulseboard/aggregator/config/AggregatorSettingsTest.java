package io.pulseboard.aggregator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.aggregator.aggregation.AggregationSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregator's one mapping: its documented defaults, its keys under their environment variables, and typos. */
class AggregatorSettingsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AggregatorSettings settings = Settings.defaults();
        assertThat(settings.aggregator().grace()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.aggregator().maxLateness()).isEqualTo(Duration.ofDays(7));
        assertThat(settings.aggregator().persistInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.aggregator().api().maxRange()).isEqualTo(Duration.ofDays(366));
        assertThat(settings.aggregator().api().exportMaxRows()).isEqualTo(200_000);
        assertThat(settings.samples().enabled()).isTrue();
        assertThat(settings.recent().events()).isEqualTo(200);
        assertThat(settings.retention().hours()).isEqualTo(Duration.ofDays(400));
        assertThat(settings.rules().startupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.alerts().webhook().attempts()).isEqualTo(5);
        assertThat(settings.health().kafkaTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.notifications().allowedHosts()).isEmpty();
        assertThat(settings.notifications().receiversRefresh()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.notifications().maxGroups()).isEqualTo(10_000);
        assertThat(settings.notifications().maxAlertsPerGroup()).isEqualTo(1000);
        assertThat(settings.notifications().groupTick()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.silences().maxDuration()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.silences().refreshInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.preview().maxRange()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.preview().maxStreams()).isEqualTo(200);
        assertThat(settings.preview().maxEvaluations()).isEqualTo(1_000_000L);
        assertThat(settings.http().allowedHosts()).isEmpty();
    }

    @Test
    void theEnginesDefaultsAreTheMappings() {
        // The engine's DEFAULTS serve its unit tests, which run without configuration: they must be these.
        assertThat(Settings.defaults().aggregator().settings()).isEqualTo(AggregationSettings.DEFAULTS);
    }

    @Test
    void environmentVariablesSetTheKeys() {
        AggregatorSettings settings = Settings.of(
                Map.of(),
                Map.of(
                        "PULSE_AGGREGATOR_GRACE", "7m",
                        "PULSE_AGGREGATOR_API_MAX_RANGE", "30d",
                        "PULSE_SAMPLES_ENABLED", "false",
                        "PULSE_RETENTION_HOURS", "100d",
                        "PULSE_ALERTS_WEBHOOK_MAX_BACKOFF", "2m",
                        "PULSE_HTTP_ALLOWED_HOSTS", "aggregator,*.svc"));
        assertThat(settings.aggregator().grace()).isEqualTo(Duration.ofMinutes(7));
        assertThat(settings.aggregator().api().maxRange()).isEqualTo(Duration.ofDays(30));
        assertThat(settings.samples().enabled()).isFalse();
        assertThat(settings.retention().hours()).isEqualTo(Duration.ofDays(100));
        assertThat(settings.alerts().webhook().maxBackoff()).isEqualTo(Duration.ofMinutes(2));
        assertThat(settings.http().allowedHosts())
                .hasValueSatisfying(hosts -> assertThat(hosts).containsExactly("aggregator", "*.svc"));
    }

    @Test
    void aMisspelledKeyFailsWithItsName() {
        assertThatThrownBy(() -> Settings.of(Map.of("pulse.aggregator.grase", "1m")))
                .hasMessageContaining("pulse.aggregator.grase");
    }

    @Test
    void otherModulesKeysAreLeftToThem() {
        AggregatorSettings settings = Settings.of(
                Map.of("pulse.infra", "local", "pulse.infra.non-durable", "true", "pulse.gateway.max-connections", "5"),
                Map.of("PULSE_GATEWAY_AGGREGATOR_URL", "http://aggregator:8082", "PULSE_INGEST_MAX_BATCH", "9"));
        assertThat(settings.aggregator().grace()).isEqualTo(Duration.ofMinutes(5));
    }
}

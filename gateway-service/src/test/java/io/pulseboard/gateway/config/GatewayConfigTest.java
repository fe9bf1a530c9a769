package io.pulseboard.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where the gateway finds the aggregator: its own key, the older environment variable, the default. */
class GatewayConfigTest {

    private static GatewayConfig.Aggregator aggregator(Map<String, String> settings) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(settings, "test", 300))
                .build();
        return config.getConfigMapping(GatewayConfig.class).aggregator();
    }

    @Test
    void defaultsToTheAggregatorOnThisHost() {
        assertThat(aggregator(Map.of()).url()).isEqualTo(URI.create("http://127.0.0.1:8082"));
        assertThat(aggregator(Map.of()).idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theOlderEnvironmentVariableStillCounts() {
        assertThat(aggregator(Map.of("PULSE_AGGREGATOR_URL", "http://aggregator:8082"))
                        .url())
                .isEqualTo(URI.create("http://aggregator:8082"));
    }

    @Test
    void theGatewaysOwnKeyWins() {
        assertThat(aggregator(Map.of(
                                "PULSE_AGGREGATOR_URL",
                                "http://old:8082",
                                "pulse.gateway.aggregator.url",
                                "http://new:8082"))
                        .url())
                .isEqualTo(URI.create("http://new:8082"));
    }
}

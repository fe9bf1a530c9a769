package io.pulseboard.aggregator.config;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.util.List;

/**
 * The {@code pulse.*} keys of other modules, which the aggregator may see without using them: a shared
 * environment (one ConfigMap for every service sets {@code PULSE_GATEWAY_AGGREGATOR_URL}), and the test
 * infrastructure's system properties ({@code pulse.infra.*}). {@link AggregatorSettings} ignores them;
 * any other unknown {@code pulse.*} key still fails start-up. Registered as a service, so Quarkus
 * applies it to the configuration it builds.
 */
public class OtherModulesKeys implements SmallRyeConfigBuilderCustomizer {

    /** Key patterns ({@code **}: any depth) that belong to the gateway, the ingest service, the dashboard and pulse-infra. */
    public static final List<String> PATTERNS = List.of(
            "pulse.gateway.**", "pulse.ingest.**", "pulse.dashboard.**", "pulse.infra", "pulse.infra.**");

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        PATTERNS.forEach(builder::withMappingIgnore);
    }
}

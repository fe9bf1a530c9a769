package io.pulseboard.aggregator.config;

import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.util.List;

/**
 * The {@code pulse.*} keys of other modules, which the aggregator may see without using them: the test
 * infrastructure's system properties ({@code pulse.infra.non-durable}, set for every test JVM) and
 * settings meant for the other services, given to all of them as system properties or in a shared
 * file. {@link AggregatorSettings} ignores them; any other unknown {@code pulse.*} property still fails
 * start-up (environment variables are not checked: nothing tells an unknown one from another program's).
 * Registered as a service, so Quarkus applies it to the configuration it builds.
 */
public class OtherModulesKeys implements SmallRyeConfigBuilderCustomizer {

    /** Key patterns ({@code **}: any depth) that belong to the gateway, the ingest service, the dashboard and pulse-infra. */
    public static final List<String> PATTERNS =
            List.of("pulse.gateway.**", "pulse.ingest.**", "pulse.dashboard.**", "pulse.infra", "pulse.infra.**");

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        PATTERNS.forEach(builder::withMappingIgnore);
    }
}

package io.pulseboard.aggregator.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;

/** The aggregator's settings built as Quarkus builds them, from properties and environment variables, for unit tests. */
public final class Settings {

    private Settings() {}

    /** The settings with these properties ({@code pulse.rules.startup-wait}) over the defaults. */
    public static AggregatorSettings of(Map<String, String> properties) {
        return of(properties, Map.of());
    }

    /** The settings with these properties and these environment variables ({@code PULSE_AGGREGATOR_GRACE}). */
    public static AggregatorSettings of(Map<String, String> properties, Map<String, String> environment) {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(AggregatorSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .withSources(new EnvConfigSource(environment, 400));
        new OtherModulesKeys().configBuilder(builder);
        SmallRyeConfig config = builder.build();
        return config.getConfigMapping(AggregatorSettings.class);
    }

    /** The defaults. */
    public static AggregatorSettings defaults() {
        return of(Map.of());
    }
}

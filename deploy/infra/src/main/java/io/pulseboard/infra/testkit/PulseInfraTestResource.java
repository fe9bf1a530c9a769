package io.pulseboard.infra.testkit;

import io.pulseboard.infra.PulseInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Gives a Quarkus test the real Kafka and PostgreSQL of {@link PulseInfra#shared()}:
 *
 * <pre>{@code
 * @QuarkusTest
 * @WithTestResource(PulseInfraTestResource.class)
 * class MyTest { ... }
 * }</pre>
 *
 * It returns {@code kafka.bootstrap.servers}, {@code quarkus.datasource.reactive.url},
 * {@code quarkus.datasource.jdbc.url}, {@code quarkus.datasource.username} and {@code .password}, and
 * turns Dev Services off. All the tests of a JVM share one instance; {@link #stop()} does nothing, the
 * JVM's shutdown hook stops it. Settings: see {@link InfraOptions} ({@code pulse.infra},
 * {@code pulse.infra.partitions}, ...).
 */
public class PulseInfraTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return PulseInfra.shared().quarkusConfig();
    }

    @Override
    public void stop() {
        // The shared instance lives until the JVM exits (shutdown hook), for the next test class.
    }
}

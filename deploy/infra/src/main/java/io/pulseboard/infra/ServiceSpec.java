package io.pulseboard.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A service for the launcher to run: {@code java JVM_OPTIONS -Dkey=value... -jar JAR} on a port
 * ({@code 0}: a free one), with the infrastructure's configuration under {@code config}.
 *
 * @param name       the service's name in logs and the stack file ({@code ingest}, {@code aggregator}, ...)
 * @param jar        the application's runnable jar ({@code quarkus-run.jar})
 * @param port       its HTTP port, {@code 0} for one the OS chooses
 * @param config     configuration properties, passed as system properties
 * @param jvmOptions options for its JVM, memory settings first
 */
public record ServiceSpec(String name, Path jar, int port, Map<String, String> config, List<String> jvmOptions) {

    /**
     * A service's JVM options unless told otherwise: an explicit heap, so that three services, Kafka and
     * PostgreSQL fit on a laptop whatever the JVM would choose from the machine's memory, and a clean
     * exit on running out of it (a half-working service is worse than a restarted one).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError");

    public ServiceSpec {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a service name is lower-case letters, digits and '-': " + name);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("the port of " + name + " is not a port: " + port);
        }
        config = Map.copyOf(config);
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** The service on a port with the default JVM options and no configuration of its own. */
    public static ServiceSpec of(String name, Path jar, int port) {
        return new ServiceSpec(name, jar, port, Map.of(), DEFAULT_JVM_OPTIONS);
    }

    public ServiceSpec withConfig(Map<String, String> more) {
        Map<String, String> merged = new java.util.LinkedHashMap<>(config);
        merged.putAll(more);
        return new ServiceSpec(name, jar, port, merged, jvmOptions);
    }

    public ServiceSpec withJvmOptions(List<String> options) {
        return new ServiceSpec(name, jar, port, config, options);
    }
}

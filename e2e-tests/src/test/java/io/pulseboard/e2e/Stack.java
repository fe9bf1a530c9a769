package io.pulseboard.e2e;

import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.launch.StackLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Starts the built services of this repository as processes: a whole stack with the stack launcher
 * (as {@code ./pulseboard} does), or single services against a {@link PulseInfra}.
 */
final class Stack {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final Path ROOT = Paths.get(System.getProperty("pulse.repository.root", ".."))
            .toAbsolutePath()
            .normalize();
    private static final Path LOGS = ROOT.resolve("e2e-tests/target/e2e-logs");

    private Stack() {}

    /** The repository the services were built in. */
    static Path root() {
        return ROOT;
    }

    /** Stops each part that was started (null: not started), in the order given; every part is tried. */
    static void closeAll(AutoCloseable... parts) {
        IllegalStateException failed = null;
        for (AutoCloseable part : parts) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception e) {
                if (failed == null) {
                    failed = new IllegalStateException("could not stop " + part, e);
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Starts fresh infrastructure and the named services ({@code ingest}, {@code aggregator},
     * {@code gateway}) on free ports with the stack launcher, and waits until each is ready.
     */
    static StackLauncher.LaunchedStack launch(String... services) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String service : services) {
            ports.put(service, 0);
        }
        return StackLauncher.start(
                InfraOptions.defaults(),
                StackLauncher.repositoryServices(ROOT, ports),
                LOGS.resolve("stack-" + System.nanoTime()),
                START_TIMEOUT);
    }

    /** The directory of the tests' logs. */
    static Path logs() {
        return LOGS;
    }

    /** Starts a service module with the infrastructure's configuration plus {@code extra}; not yet awaited. */
    static ServiceProcess start(String module, PulseInfra infra, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(infra.quarkusConfig());
        config.putAll(extra);
        return ServiceProcess.start(
                module,
                ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
                config,
                LOGS.resolve(module + "-" + System.nanoTime() + ".log"));
    }

    /**
     * Starts a service module like {@link #start}, but with the infrastructure's Kafka client settings
     * (SASL) in the environment, as {@code KAFKA_SECURITY_PROTOCOL} and so on, instead of in the configuration.
     */
    static ServiceProcess startWithKafkaEnvironment(String module, PulseInfra infra, Map<String, String> extra) {
        Map<String, String> config = new HashMap<>(infra.quarkusConfig());
        Map<String, String> environment = new HashMap<>();
        infra.kafkaClientConfig().forEach((name, value) -> {
            config.remove("kafka." + name);
            environment.put("KAFKA_" + name.toUpperCase(Locale.ROOT).replace('.', '_'), value);
        });
        config.putAll(extra);
        return ServiceProcess.start(
                module,
                ROOT.resolve(module).resolve("target/quarkus-app/quarkus-run.jar"),
                config,
                LOGS.resolve(module + "-" + System.nanoTime() + ".log"),
                environment);
    }

    /** Sends a signal ({@code STOP}, {@code CONT}, ...) to a process and its descendants. */
    static void signal(String name, long pid) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(pid)));
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> command.add(Long.toString(d.pid()))));
        try {
            Process kill = new ProcessBuilder(command).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

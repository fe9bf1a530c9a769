package io.pulseboard.infra.launch;

import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.Ports;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.pulseboard.infra.ServiceSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Starts a stack: the infrastructure (a {@link PulseInfra}), or the infrastructure of another stack
 * (its {@link StackFile}), and services on it, each given the infrastructure's configuration and its
 * own, and waits until each answers {@code /q/health/ready}. {@link StackMain} is its command line;
 * tests use it as a library.
 */
public final class StackLauncher {

    private static final Logger LOG = Logger.getLogger(StackLauncher.class.getName());

    private StackLauncher() {}

    /**
     * Starts the infrastructure of {@code options}, then {@code services} on it. At the JVM's exit the
     * caller stops the stack ({@link LaunchedStack#close()}: services first), not the infrastructure by itself.
     */
    public static LaunchedStack start(InfraOptions options, List<ServiceSpec> services, Path logs, Duration timeout) {
        PulseInfra infra = PulseInfra.start(options);
        try {
            LaunchedStack stack = startServices(
                    infra,
                    new StackFile.Kafka(infra.kafkaBootstrapServers()),
                    new StackFile.Postgres(infra.jdbcUrl(), infra.reactiveUrl(), infra.username(), infra.password()),
                    infra.processIds(),
                    services,
                    logs,
                    timeout);
            // Until here the infrastructure's own hook stops it at an exit (the services are the
            // registry's to reap); from here the stack's close stops the services first.
            infra.withoutShutdownHook();
            return stack;
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
    }

    /**
     * The repository's services by name ({@code ingest}, {@code aggregator}, {@code gateway}: the built
     * {@code NAME-service/target/quarkus-app/quarkus-run.jar} under {@code root}) on their ports ({@code 0}:
     * a free one), in the order given, with the default JVM options. The gateway is pointed at the
     * aggregator when both start.
     */
    public static List<ServiceSpec> repositoryServices(Path root, Map<String, Integer> ports) {
        Map<String, Integer> chosen = new LinkedHashMap<>(ports);
        // The gateway's address of the aggregator is set before either starts: the port is chosen here.
        if (chosen.containsKey("gateway") && chosen.getOrDefault("aggregator", -1) == 0) {
            chosen.put("aggregator", Ports.freePort());
        }
        Integer aggregatorPort = chosen.get("aggregator");
        List<ServiceSpec> specs = new ArrayList<>();
        chosen.forEach((name, port) -> {
            ServiceSpec spec =
                    ServiceSpec.of(name, root.resolve(name + "-service/target/quarkus-app/quarkus-run.jar"), port);
            if (name.equals("gateway") && aggregatorPort != null) {
                spec = spec.withConfig(
                        Map.of("pulse.gateway.aggregator.url", "http://" + Ports.HOST + ":" + aggregatorPort));
            }
            specs.add(spec);
        });
        return specs;
    }

    /** Starts {@code services} on the infrastructure another launcher started (its stack file). */
    public static LaunchedStack startOn(StackFile other, List<ServiceSpec> services, Path logs, Duration timeout) {
        return startServices(null, other.kafka(), other.postgres(), Map.of(), services, logs, timeout);
    }

    private static LaunchedStack startServices(
            PulseInfra infra,
            StackFile.Kafka kafka,
            StackFile.Postgres postgres,
            Map<String, Long> infraPids,
            List<ServiceSpec> services,
            Path logs,
            Duration timeout) {
        Map<String, String> common = new LinkedHashMap<>();
        common.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        common.putAll(postgres.quarkusConfig());
        common.put("quarkus.devservices.enabled", "false");
        Map<String, ServiceProcess> started = new LinkedHashMap<>();
        LaunchedStack stack = new LaunchedStack(infra, kafka, postgres, infraPids, started);
        try {
            // All start at once (they need nothing of each other to start), then each is awaited.
            for (ServiceSpec spec : services) {
                Map<String, String> config = new LinkedHashMap<>(common);
                config.putAll(spec.config());
                started.put(
                        spec.name(), ServiceProcess.start(spec.withConfig(config), logs.resolve(spec.name() + ".log")));
            }
            for (ServiceProcess service : started.values()) {
                service.awaitReady(timeout);
                LOG.info(() -> service.name() + " ready at " + service.uri(""));
            }
            return stack;
        } catch (RuntimeException e) {
            stack.closeServices();
            throw e;
        }
    }

    /** A started stack: its infrastructure (null when it uses another's), its services by name. */
    public static final class LaunchedStack implements AutoCloseable {
        private final PulseInfra infra;
        private final StackFile.Kafka kafka;
        private final StackFile.Postgres postgres;
        private final Map<String, Long> infraPids;
        private final Map<String, ServiceProcess> services;

        private LaunchedStack(
                PulseInfra infra,
                StackFile.Kafka kafka,
                StackFile.Postgres postgres,
                Map<String, Long> infraPids,
                Map<String, ServiceProcess> services) {
            this.infra = infra;
            this.kafka = kafka;
            this.postgres = postgres;
            this.infraPids = infraPids;
            this.services = services;
        }

        /** The infrastructure this stack started; null when it runs on another stack's. */
        public PulseInfra infra() {
            return infra;
        }

        public ServiceProcess service(String name) {
            ServiceProcess service = services.get(name);
            if (service == null) {
                throw new IllegalArgumentException(
                        "no service " + name + " in this stack (it has " + services.keySet() + ")");
            }
            return service;
        }

        public Map<String, ServiceProcess> services() {
            return Map.copyOf(services);
        }

        /** What this stack is, as the launcher writes it ({@code pid}: this JVM). */
        public StackFile describe() {
            return StackFile.of(ProcessHandle.current().pid(), kafka, postgres, infraPids, services);
        }

        /** The name of a service that is no longer running, if one stopped. */
        public java.util.Optional<String> stoppedService() {
            return services.values().stream()
                    .filter(s -> !ProcessHandle.of(s.pid())
                            .map(ProcessHandle::isAlive)
                            .orElse(false))
                    .map(ServiceProcess::name)
                    .findFirst();
        }

        private void closeServices() {
            List<ServiceProcess> reversed = new ArrayList<>(services.values());
            java.util.Collections.reverse(reversed);
            reversed.forEach(ServiceProcess::close);
        }

        /** Stops the services (in the reverse order of their start), then the infrastructure it started. */
        @Override
        public void close() {
            try {
                closeServices();
            } finally {
                if (infra != null) {
                    infra.close();
                }
            }
        }
    }
}

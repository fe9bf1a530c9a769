package io.pulseboard.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Kafka and PostgreSQL through Testcontainers, with the official images ({@code apache/kafka},
 * {@code postgres}; overridable). Only this class touches Testcontainers' container classes, so local
 * mode never loads them.
 */
final class ContainerInfra implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ContainerInfra.class.getName());

    private final KafkaContainer kafka;
    private final PostgreSQLContainer<?> postgres;

    private ContainerInfra(KafkaContainer kafka, PostgreSQLContainer<?> postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    private static volatile Boolean dockerAvailable;

    /**
     * Whether a Docker engine answers (Testcontainers' own detection); false on any failure. Where no
     * Docker configuration or socket exists at all, Testcontainers is not asked (it would log an error
     * listing every strategy it tried).
     */
    static boolean dockerAvailable() {
        Boolean known = dockerAvailable;
        if (known != null) {
            return known;
        }
        boolean available;
        if (!dockerConfigured()) {
            LOG.fine("no Docker configuration or socket found");
            available = false;
        } else {
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            } catch (Throwable t) {
                LOG.log(Level.FINE, "Docker detection failed", t);
                available = false;
            }
        }
        dockerAvailable = available;
        return available;
    }

    /** Whether anything could point Testcontainers at a Docker engine: a setting, a config file or a socket. */
    private static boolean dockerConfigured() {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return true; // named pipes: let Testcontainers look
        }
        for (String env : new String[] {"DOCKER_HOST", "TESTCONTAINERS_DOCKER_CLIENT_STRATEGY", "DOCKER_CONTEXT"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                return true;
            }
        }
        String home = System.getProperty("user.home", "");
        // Testcontainers writes this file itself: testcontainers.reuse.enable, and once it has found an
        // engine, docker.client.strategy naming the built-in strategy that worked (the Unix socket one,
        // typically). Neither says an engine is there now: the sockets those strategies use are checked
        // below. Only settings a person wrote count (docker.host, tc.host, a strategy of their own...).
        Path tcProperties = Paths.get(home, ".testcontainers.properties");
        if (Files.isRegularFile(tcProperties)) {
            java.util.Properties p = new java.util.Properties();
            try (java.io.InputStream in = Files.newInputStream(tcProperties)) {
                p.load(in);
            } catch (java.io.IOException | IllegalArgumentException e) {
                return true;
            }
            for (String key : p.stringPropertyNames()) {
                if (key.equals("docker.client.strategy")) {
                    if (!isBuiltInSocketStrategy(p.getProperty(key))) {
                        return true;
                    }
                } else if (key.startsWith("docker.") || key.startsWith("tc.host")) {
                    return true;
                }
            }
        }
        List<Path> candidates = new ArrayList<>(List.of(
                Paths.get("/var/run/docker.sock"),
                Paths.get("/run/docker.sock"),
                Paths.get(home, ".docker", "run", "docker.sock"),
                Paths.get(home, ".docker", "desktop", "docker.sock"),
                Paths.get(home, ".rd", "docker.sock"),
                Paths.get(home, ".colima", "default", "docker.sock"),
                Paths.get(home, ".colima", "docker.sock")));
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank()) {
            candidates.add(Paths.get(runtime, "docker.sock"));
            candidates.add(Paths.get(runtime, "podman", "podman.sock"));
        }
        try {
            // Rootless Docker's default socket, where XDG_RUNTIME_DIR is not set.
            Object uid = Files.getAttribute(Paths.get("/proc/self"), "unix:uid");
            candidates.add(Paths.get("/run/user/" + uid, "docker.sock"));
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no unix attribute view
        }
        for (Path p : candidates) {
            if (Files.exists(p)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a {@code docker.client.strategy} value is one of Testcontainers' strategies that find an engine
     * through a socket {@link #dockerConfigured()} checks anyway, or through the environment it checks too
     * (the value Testcontainers itself persists after a successful detection).
     */
    private static boolean isBuiltInSocketStrategy(String strategy) {
        if (strategy == null) {
            return true;
        }
        switch (strategy.trim()) {
            case "":
            case "org.testcontainers.dockerclient.UnixSocketClientProviderStrategy":
            case "org.testcontainers.dockerclient.DockerDesktopClientProviderStrategy":
            case "org.testcontainers.dockerclient.RootlessDockerClientProviderStrategy":
            case "org.testcontainers.dockerclient.EnvironmentAndSystemPropertyClientProviderStrategy":
                return true;
            default:
                return false;
        }
    }

    static ContainerInfra start(InfraOptions options) {
        if (!dockerAvailable()) {
            throw new IllegalStateException("containers mode needs a Docker engine, and Testcontainers found none"
                    + " (use " + InfraOptions.MODE_PROPERTY + "=local, or "
                    + InfraOptions.envName(InfraOptions.MODE_PROPERTY)
                    + "=local, to run Kafka and PostgreSQL as local processes)");
        }
        Duration timeout = options.startupTimeout();
        KafkaContainer kafka = new KafkaContainer(
                        DockerImageName.parse(options.kafkaImage()).asCompatibleSubstituteFor("apache/kafka"))
                .withEnv("KAFKA_NUM_PARTITIONS", Integer.toString(options.partitions()))
                .withEnv("KAFKA_DEFAULT_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_MIN_INSYNC_REPLICAS", "1")
                .withEnv("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withStartupTimeout(timeout);
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>(
                        DockerImageName.parse(options.postgresImage()).asCompatibleSubstituteFor("postgres"))
                .withDatabaseName(options.database())
                .withUsername(options.username())
                .withPassword(options.password())
                .withCommand(postgresCommand(options))
                .withStartupTimeout(timeout);
        ContainerInfra infra = new ContainerInfra(kafka, postgres);
        long t0 = System.nanoTime();
        try {
            CompletableFuture<Void> k = CompletableFuture.runAsync(kafka::start);
            CompletableFuture<Void> p = CompletableFuture.runAsync(postgres::start);
            CompletableFuture.allOf(k, p).join();
        } catch (CompletionException e) {
            infra.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("starting the containers failed: " + cause, cause);
        }
        LOG.info(() -> String.format(
                "containers ready in %.1f s: Kafka %s (%s), PostgreSQL %s (%s)",
                (System.nanoTime() - t0) / 1e9,
                kafka.getBootstrapServers(),
                options.kafkaImage(),
                postgres.getJdbcUrl(),
                options.postgresImage()));
        return infra;
    }

    /** The server's command: Testcontainers' default turns fsync off, so the durability settings are stated. */
    static String[] postgresCommand(InfraOptions options) {
        List<String> command = new ArrayList<>(List.of("postgres"));
        PostgresDurability.settings(options)
                .forEach((name, value) -> command.addAll(List.of("-c", name + "=" + value)));
        return command.toArray(String[]::new);
    }

    String bootstrapServers() {
        return kafka.getBootstrapServers();
    }

    String postgresHost() {
        return postgres.getHost();
    }

    int postgresPort() {
        return postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
    }

    int kafkaPort() {
        String bs = kafka.getBootstrapServers();
        return Integer.parseInt(bs.substring(bs.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        try {
            kafka.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "stopping the Kafka container failed", e);
        }
        try {
            postgres.stop();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "stopping the PostgreSQL container failed", e);
        }
    }
}

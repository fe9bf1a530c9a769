package io.pulseboard.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;

/**
 * The one seam for real infrastructure: a Kafka broker (KRaft, single node) with the topics of DESIGN.md,
 * and a PostgreSQL with a database and user, for the tests of every module and for the local run.
 *
 * <pre>{@code
 * try (PulseInfra infra = PulseInfra.start(InfraOptions.defaults())) {
 *     String bootstrap = infra.kafkaBootstrapServers();
 *     String jdbc = infra.jdbcUrl();
 * }
 * // or, one instance per JVM, stopped at JVM exit:
 * PulseInfra infra = PulseInfra.shared();
 * }</pre>
 *
 * <p>{@link Mode#LOCAL}: the broker runs as its own JVM from the Maven Central jars (pulse-kafka-broker),
 * PostgreSQL from the io.zonky embedded binaries, both on 127.0.0.1 with ports chosen by the OS (or
 * fixed by the options). {@link Mode#CONTAINERS}: Testcontainers with the official images.
 * {@link Mode#AUTO} picks containers where a Docker engine answers. See {@link InfraOptions} for the
 * settings ({@code pulse.infra} / {@code PULSE_INFRA} forces the mode).
 *
 * <p>Start-up waits for real readiness (an AdminClient describeCluster, a JDBC connection) and creates
 * the topics. {@link #close()} stops every process it started (and a JVM shutdown hook closes an
 * instance that was not closed). Every local process is registered under
 * {@code ${java.io.tmpdir}/pulseboard-infra}; each start first stops the processes of JVMs that died
 * without closing theirs ({@code kill -9}), and the broker also exits by itself when its owner JVM dies.
 */
public final class PulseInfra implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PulseInfra.class.getName());

    /** Where the PostgreSQL binaries are unpacked (in the data directory, or the registry's for temporary ones). */
    private static final String POSTGRES_BINARIES = "postgres-binaries";

    private static final Object SHARED_LOCK = new Object();
    private static PulseInfra shared;
    private static RuntimeException sharedFailure;

    private final InfraOptions options;
    private final Mode mode;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final ProcessRegistry.Session session;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook;
    private LocalKafka localKafka;
    private volatile LocalPostgres localPostgres;
    private ContainerInfra containers;
    private String bootstrapServers;
    private String postgresHost;
    private int postgresPort;

    private PulseInfra(
            InfraOptions options, Mode mode, Path dataDir, boolean temporaryDataDir, ProcessRegistry.Session session) {
        this.options = options;
        this.mode = mode;
        this.dataDir = dataDir;
        this.temporaryDataDir = temporaryDataDir;
        this.session = session;
        this.shutdownHook = new Thread(this::closeQuietly, "pulse-infra-shutdown");
    }

    /**
     * Starts Kafka and PostgreSQL and returns once both are ready and the topics exist.
     *
     * @throws IllegalStateException if something does not start (with the reason, and the end of the
     *                               process's log for local processes), or a fixed port is taken
     */
    public static PulseInfra start(InfraOptions options) {
        Mode mode = resolveMode(options);
        long t0 = System.nanoTime();
        LOG.info(() -> "starting Kafka and PostgreSQL (" + mode.id() + " mode"
                + (options.mode() == Mode.AUTO ? ", chosen by auto" : "") + ")");
        List<Long> reaped = ProcessRegistry.reapOrphans();
        if (!reaped.isEmpty()) {
            LOG.info(() -> "stopped " + reaped.size() + " process(es) left behind by JVMs that died: " + reaped);
        }
        PulseInfra infra = mode == Mode.LOCAL ? startLocal(options) : startContainers(options);
        Runtime.getRuntime().addShutdownHook(infra.shutdownHook);
        LOG.info(() -> String.format(
                "infrastructure ready in %.1f s: Kafka %s, PostgreSQL %s",
                (System.nanoTime() - t0) / 1e9, infra.kafkaBootstrapServers(), infra.jdbcUrl()));
        return infra;
    }

    /** {@link #start(InfraOptions)} with {@link InfraOptions#defaults()}. */
    public static PulseInfra start() {
        return start(InfraOptions.defaults());
    }

    /**
     * One instance per JVM, started on first use with {@link InfraOptions#defaults()} and stopped by a
     * JVM shutdown hook, so that all the tests of a module share one broker and one database. Do not
     * close it (closing it is ignored). A failed start is remembered and rethrown.
     */
    public static PulseInfra shared() {
        synchronized (SHARED_LOCK) {
            if (shared != null) {
                return shared;
            }
            if (sharedFailure != null) {
                throw new IllegalStateException(
                        "the shared infrastructure failed to start earlier: " + sharedFailure.getMessage(),
                        sharedFailure);
            }
            try {
                shared = start(InfraOptions.defaults());
                return shared;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
    }

    /**
     * Stops the processes and deletes the temporary data directories of JVMs that died without closing
     * their {@link PulseInfra} (every start does this first). Returns the pids it stopped.
     */
    public static List<Long> reapOrphans() {
        return ProcessRegistry.reapOrphans();
    }

    static Mode resolveMode(InfraOptions options) {
        switch (options.mode()) {
            case LOCAL:
                return Mode.LOCAL;
            case CONTAINERS:
                if (options.needsLocal()) {
                    throw new IllegalArgumentException(
                            "a data directory, fixed ports and a SASL broker are only supported in local mode");
                }
                return Mode.CONTAINERS;
            default:
                if (options.needsLocal()) {
                    return Mode.LOCAL;
                }
                return ContainerInfra.dockerAvailable() ? Mode.CONTAINERS : Mode.LOCAL;
        }
    }

    private static PulseInfra startLocal(InfraOptions options) {
        Path dataDir;
        boolean temporary;
        ProcessRegistry.Session session;
        try {
            if (options.dataDir().isPresent()) {
                dataDir = options.dataDir().get();
                temporary = false;
                Files.createDirectories(dataDir);
                if (options.fresh()) {
                    FileUtil.deleteContent(dataDir, POSTGRES_BINARIES);
                }
            } else {
                dataDir = ProcessRegistry.newTemporaryDataDir();
                temporary = true;
            }
            session = ProcessRegistry.Session.open(dataDir, temporary);
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the data directory: " + e, e);
        }
        PulseInfra infra = new PulseInfra(options, Mode.LOCAL, dataDir, temporary, session);
        try {
            // Fixed ports: fail before starting anything.
            if (options.kafkaPort() != 0) {
                Ports.requireFree("Kafka", options.kafkaPort());
            }
            if (options.postgresPort() != 0) {
                Ports.requireFree("PostgreSQL", options.postgresPort());
            }
            // The broker JVM boots while PostgreSQL starts in this thread.
            infra.localKafka = LocalKafka.launch(dataDir.resolve("kafka"), options, session);
            infra.localPostgres = infra.startPostgres(options);
            infra.postgresHost = Ports.HOST;
            infra.postgresPort = infra.localPostgres.port();
            infra.localKafka.awaitReady();
            infra.bootstrapServers = infra.localKafka.bootstrapServers();
            createTopics(infra.bootstrapServers, options);
            return infra;
        } catch (IOException | RuntimeException e) {
            infra.closeQuietly();
            if (e instanceof RuntimeException) {
                throw (RuntimeException) e;
            }
            throw new IllegalStateException("starting the local infrastructure failed: " + e, e);
        }
    }

    private LocalPostgres startPostgres(InfraOptions postgresOptions) throws IOException {
        Path binaries = temporaryDataDir
                ? ProcessRegistry.root().resolve(POSTGRES_BINARIES)
                : dataDir.resolve(POSTGRES_BINARIES);
        return LocalPostgres.start(dataDir.resolve("postgres"), binaries, postgresOptions, session);
    }

    /**
     * Starts PostgreSQL again on the same data directory and port, as after a crash or a restart of the
     * machine: stops it first if it still runs, and returns once it accepts connections again (having
     * replayed its WAL). Local mode only.
     *
     * @throws IllegalStateException in containers mode, after {@link #close()}, or if it does not start
     */
    public synchronized void restartPostgres() {
        if (localPostgres == null || closed.get()) {
            throw new IllegalStateException("restartPostgres needs a running local infrastructure, not " + this
                    + (closed.get() ? " (closed)" : ""));
        }
        localPostgres.close();
        try {
            localPostgres =
                    startPostgres(options.toBuilder().postgresPort(postgresPort).build());
        } catch (IOException e) {
            throw new IllegalStateException("restarting PostgreSQL on port " + postgresPort + " failed: " + e, e);
        }
    }

    private static PulseInfra startContainers(InfraOptions options) {
        PulseInfra infra = new PulseInfra(options, Mode.CONTAINERS, null, false, null);
        infra.containers = ContainerInfra.start(options);
        try {
            infra.bootstrapServers = infra.containers.bootstrapServers();
            infra.postgresHost = infra.containers.postgresHost();
            infra.postgresPort = infra.containers.postgresPort();
            createTopics(infra.bootstrapServers, options);
            return infra;
        } catch (RuntimeException e) {
            infra.closeQuietly();
            throw e;
        }
    }

    private static void createTopics(String bootstrapServers, InfraOptions options) {
        long t0 = System.nanoTime();
        Duration timeout = options.startupTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last;
        do {
            try {
                Admin admin = LocalKafka.openAdmin(bootstrapServers, options, Duration.ofSeconds(30));
                try {
                    TopicSetup.create(admin, options.partitions(), Duration.ofSeconds(30));
                } finally {
                    TopicSetup.closeAdmin(admin);
                }
                LOG.fine(() ->
                        String.format("topics %s ready in %.1f s", TopicSetup.ALL, (System.nanoTime() - t0) / 1e9));
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating the topics", e);
            } catch (Exception e) {
                last = e;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating the topics", ie);
                }
            }
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException(
                "creating the topics " + TopicSetup.ALL + " on " + bootstrapServers + " failed: " + last, last);
    }

    /**
     * What a Kafka client needs besides {@link #kafkaBootstrapServers()}: {@code security.protocol},
     * {@code sasl.mechanism} and {@code sasl.jaas.config} for a broker that requires SASL
     * ({@link InfraOptions#kafkaSasl()}), else nothing.
     */
    public Map<String, String> kafkaClientConfig() {
        return LocalKafka.clientConfig(options);
    }

    /** Kafka's bootstrap servers, {@code host:port}. */
    public String kafkaBootstrapServers() {
        return bootstrapServers;
    }

    /** {@code jdbc:postgresql://host:port/db}. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + postgresHost + ":" + postgresPort + "/" + options.database();
    }

    /** {@code postgresql://host:port/db}, the form of Quarkus' reactive client ({@code quarkus.datasource.reactive.url}). */
    public String reactiveUrl() {
        return "postgresql://" + postgresHost + ":" + postgresPort + "/" + options.database();
    }

    public String username() {
        return options.username();
    }

    public String password() {
        return options.password();
    }

    /** The database name. */
    public String database() {
        return options.database();
    }

    /** {@link Mode#LOCAL} or {@link Mode#CONTAINERS}: what was started. */
    public Mode mode() {
        return mode;
    }

    /** The options this instance was started with. */
    public InfraOptions options() {
        return options;
    }

    /** The Kafka port on {@link #host()}. */
    public int kafkaPort() {
        String bs = bootstrapServers;
        return Integer.parseInt(bs.substring(bs.lastIndexOf(':') + 1));
    }

    /** The PostgreSQL port on {@link #host()}. */
    public int postgresPort() {
        return postgresPort;
    }

    /** The host both listen on (127.0.0.1 in local mode). */
    public String host() {
        return postgresHost;
    }

    /** The data directory (local mode), temporary or not. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** The processes this instance started, by name ({@code kafka}, {@code postgres}); empty in containers mode. */
    public Map<String, Long> processIds() {
        Map<String, Long> pids = new LinkedHashMap<>();
        if (localKafka != null) {
            pids.put(LocalKafka.PROCESS_NAME, localKafka.pid());
        }
        if (localPostgres != null && localPostgres.pid() > 0) {
            pids.put(LocalPostgres.PROCESS_NAME, localPostgres.pid());
        }
        return pids;
    }

    /** The logs of the local processes, by name ({@code kafka}, {@code postgres}). */
    public Map<String, Path> logFiles() {
        Map<String, Path> logs = new LinkedHashMap<>();
        if (localKafka != null) {
            logs.put(LocalKafka.PROCESS_NAME, localKafka.logFile());
        }
        if (localPostgres != null) {
            logs.put(LocalPostgres.PROCESS_NAME, localPostgres.logFile());
        }
        return logs;
    }

    /**
     * The configuration a Quarkus application needs to use this infrastructure: {@code kafka.bootstrap.servers}
     * (with {@link #kafkaClientConfig()} under {@code kafka.}), the datasource URLs, user and password, and Dev Services off.
     */
    public Map<String, String> quarkusConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", kafkaBootstrapServers());
        kafkaClientConfig().forEach((name, value) -> config.put("kafka." + name, value));
        config.put("quarkus.datasource.reactive.url", reactiveUrl());
        config.put("quarkus.datasource.jdbc.url", jdbcUrl());
        config.put("quarkus.datasource.username", username());
        config.put("quarkus.datasource.password", password());
        config.put("quarkus.devservices.enabled", "false");
        config.put("quarkus.kafka.devservices.enabled", "false");
        config.put("quarkus.datasource.devservices.enabled", "false");
        return config;
    }

    /**
     * Leaves stopping this instance at the JVM's exit to the caller, who stops what uses it first (a
     * shutdown hook of its own would run at the same time as the caller's, stopping Kafka under the
     * services that still write to it).
     */
    public PulseInfra withoutShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down
        }
        return this;
    }

    /** Stops everything this instance started and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        if (this == sharedInstance()) {
            return;
        }
        doClose();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down
        }
    }

    private static PulseInfra sharedInstance() {
        synchronized (SHARED_LOCK) {
            return shared;
        }
    }

    private void closeQuietly() {
        try {
            doClose();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "stopping the infrastructure failed", e);
        }
    }

    private void doClose() {
        if (closed.getAndSet(true)) {
            return;
        }
        long t0 = System.nanoTime();
        // Kafka and PostgreSQL stop in parallel.
        Thread kafkaStopper = null;
        if (localKafka != null) {
            LocalKafka k = localKafka;
            kafkaStopper = new Thread(k::close, "pulse-infra-stop-kafka");
            kafkaStopper.start();
        }
        if (localPostgres != null) {
            localPostgres.close();
        }
        if (kafkaStopper != null) {
            try {
                kafkaStopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (containers != null) {
            containers.close();
        }
        if (temporaryDataDir && dataDir != null) {
            IOException failure = FileUtil.deleteQuietly(dataDir);
            if (failure != null) {
                LOG.log(Level.WARNING, "could not delete the temporary data directory " + dataDir, failure);
            }
        }
        if (session != null) {
            session.delete();
        }
        boolean started = localKafka != null || localPostgres != null || containers != null;
        LOG.log(
                started ? Level.INFO : Level.FINE,
                () -> String.format(
                        "infrastructure (%s) stopped in %.1f s", mode.id(), (System.nanoTime() - t0) / 1e9));
    }

    @Override
    public String toString() {
        return "PulseInfra[" + mode.id() + ", kafka=" + bootstrapServers + ", postgres=" + jdbcUrl() + "]";
    }
}

package io.pulseboard.infra;

import java.io.IOException;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * A Kafka broker (KRaft, combined broker and controller, single node) in a JVM of its own, started from
 * the pulse-kafka-broker jars with this JVM's {@code java}. Its directory ({@code <data>/kafka}) holds
 * {@code server.properties}, {@code broker.log} (the broker JVM's stdout and stderr) and {@code logs/}
 * (the KRaft storage). With {@link InfraOptions#kafkaSasl()} its one client listener requires
 * SASL_PLAINTEXT with PLAIN and knows that one user (the broker itself uses it between its listeners).
 */
final class LocalKafka implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LocalKafka.class.getName());
    static final String PROCESS_NAME = "kafka";
    private static final int BIND_RETRIES = 3;

    private final Path dir;
    private final Path logFile;
    private final InfraOptions options;
    private final ProcessRegistry.Session session;
    private final long started = System.nanoTime();
    private Process process;
    private int port;
    private int controllerPort;

    private LocalKafka(Path dir, InfraOptions options, ProcessRegistry.Session session) {
        this.dir = dir;
        this.logFile = dir.resolve("broker.log");
        this.options = options;
        this.session = session;
    }

    /** Launches the broker JVM and returns at once; {@link #awaitReady()} waits for it. */
    static LocalKafka launch(Path dir, InfraOptions options, ProcessRegistry.Session session) throws IOException {
        Files.createDirectories(dir);
        LocalKafka kafka = new LocalKafka(dir, options, session);
        kafka.launch();
        return kafka;
    }

    private void launch() throws IOException {
        port = Ports.fixedOrFree("Kafka", options.kafkaPort());
        do {
            controllerPort = Ports.freePort();
        } while (controllerPort == port);
        Path config = dir.resolve("server.properties");
        writeConfig(config);

        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(options.kafkaJvmOptions());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dpulse.infra.owner=" + ProcessHandle.current().pid());
        command.add("-cp");
        command.add(BrokerClasspath.get());
        command.add(BrokerClasspath.MAIN_CLASS);
        command.add("--config");
        command.add(config.toString());
        command.add("--owner-pid");
        command.add(Long.toString(ProcessHandle.current().pid()));

        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        process = pb.start();
        process.getOutputStream().close();
        session.addProcess(PROCESS_NAME, process.toHandle());
        LOG.fine(() -> "launched the Kafka broker, pid " + process.pid() + ", port " + port);
    }

    private void writeConfig(Path config) throws IOException {
        String host = Ports.HOST;
        String listener = options.kafkaSasl().isPresent() ? "SASL_PLAINTEXT" : "PLAINTEXT";
        String client = listener + "://" + host + ":" + port;
        String controller = "CONTROLLER://" + host + ":" + controllerPort;
        String text = String.join(
                "\n",
                "# Written by pulse-infra at each start (ports change between runs).",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=" + host + ":" + controllerPort,
                "listeners=" + client + "," + controller,
                "advertised.listeners=" + client + "," + controller,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT",
                "inter.broker.listener.name=" + listener,
                saslConfig(),
                "log.dirs=" + dir.resolve("logs"),
                "num.partitions=" + options.partitions(),
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=10",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.cleaner.dedupe.buffer.size=33554432",
                "");
        try (Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
            w.write(text);
        }
    }

    /** The broker's SASL PLAIN settings, or nothing for a plaintext broker. */
    private String saslConfig() {
        return options.kafkaSasl()
                .map(user -> String.join(
                        "\n",
                        "sasl.enabled.mechanisms=PLAIN",
                        "sasl.mechanism.inter.broker.protocol=PLAIN",
                        "listener.name.sasl_plaintext.plain.sasl.jaas.config="
                                + "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"" + user.username() + "\" password=\"" + user.password() + "\""
                                + " user_" + user.username() + "=\"" + user.password() + "\";"))
                .orElse("# plaintext: no SASL");
    }

    /** What a client needs besides the bootstrap servers: the SASL settings, or nothing. */
    static Map<String, String> clientConfig(InfraOptions options) {
        return options.kafkaSasl()
                .map(user -> Map.of(
                        "security.protocol", "SASL_PLAINTEXT",
                        "sasl.mechanism", "PLAIN",
                        "sasl.jaas.config", user.jaasConfig()))
                .orElse(Map.of());
    }

    /** An AdminClient of the seam that can talk to this broker. */
    static Admin openAdmin(String bootstrapServers, InfraOptions options, Duration timeout) {
        Properties p = TopicSetup.adminConfig(bootstrapServers, timeout);
        p.putAll(clientConfig(options));
        return QuietKafkaLogs.quietly(() -> Admin.create(p));
    }

    private static String javaExecutable() {
        Path fromHome = Paths.get(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("cannot find this JVM's java executable"));
    }

    /**
     * Waits until the broker answers an AdminClient describeCluster with itself, relaunching on other
     * ports if they were taken meanwhile (only when the ports were not fixed).
     */
    void awaitReady() throws IOException {
        Duration timeout = options.startupTimeout();
        for (int attempt = 1; ; attempt++) {
            try {
                waitForAdmin(timeout);
                LOG.info(() -> String.format(
                        "Kafka broker ready on %s (pid %d) in %.1f s",
                        bootstrapServers(), process.pid(), (System.nanoTime() - started) / 1e9));
                return;
            } catch (BrokerExited e) {
                String tail = FileUtil.tail(logFile, 40);
                boolean bindRace = tail.contains("Address already in use") || tail.contains("BindException");
                if (bindRace && options.kafkaPort() == 0 && attempt < BIND_RETRIES) {
                    LOG.info("a Kafka port was taken meanwhile; starting the broker again on other ports");
                    launch();
                    continue;
                }
                throw new IllegalStateException("the Kafka broker (pid " + e.pid + ") exited with code " + e.exitCode
                        + " during start-up; the end of " + logFile + ":\n" + tail);
            }
        }
    }

    private static final class BrokerExited extends Exception {
        private static final long serialVersionUID = 1L;
        final long pid;
        final int exitCode;

        BrokerExited(long pid, int exitCode) {
            super(null, null, false, false);
            this.pid = pid;
            this.exitCode = exitCode;
        }
    }

    private void waitForAdmin(Duration timeout) throws BrokerExited {
        long deadline = System.nanoTime() + timeout.toNanos();
        // First the port (quietly: the AdminClient logs every refused connection), then the AdminClient.
        while (!portOpen()) {
            checkAlive();
            checkDeadline(deadline, "its port " + port + " to open", null);
            sleep(50);
        }
        Exception last = null;
        Admin admin = openAdmin(bootstrapServers(), options, Duration.ofSeconds(10));
        try {
            while (true) {
                checkAlive();
                try {
                    Collection<Node> nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000))
                            .nodes()
                            .get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
                }
                checkDeadline(deadline, "an AdminClient describeCluster to succeed", last);
                sleep(100);
            }
        } finally {
            TopicSetup.closeAdmin(admin);
        }
    }

    private void checkAlive() throws BrokerExited {
        if (!process.isAlive()) {
            throw new BrokerExited(process.pid(), process.exitValue());
        }
    }

    private void checkDeadline(long deadline, String what, Exception last) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException(
                    "the Kafka broker (pid " + process.pid() + ") did not get ready within "
                            + options.startupTimeout().toSeconds() + " s (waited for " + what + ")"
                            + (last == null ? "" : ", last error: " + last) + "; the end of " + logFile + ":\n"
                            + FileUtil.tail(logFile, 40),
                    last);
        }
    }

    private boolean portOpen() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(Ports.HOST, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    String bootstrapServers() {
        return Ports.HOST + ":" + port;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    Path logFile() {
        return logFile;
    }

    /** Stops the broker: SIGTERM (clean shutdown), SIGKILL after 30 s. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        long t0 = System.nanoTime();
        ProcessRegistry.stop(process.toHandle(), 30);
        LOG.fine(() -> String.format(
                "Kafka broker (pid %d) stopped in %.1f s", process.pid(), (System.nanoTime() - t0) / 1e9));
        try {
            session.removeProcess(PROCESS_NAME);
        } catch (IOException e) {
            LOG.fine("could not update the process registry: " + e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

package io.pulseboard.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Apache Kafka broker (KRaft, combined broker and controller) in this JVM.
 *
 * <pre>
 * java -cp &lt;broker classpath&gt; io.pulseboard.broker.BrokerMain \
 *      --config server.properties [--owner-pid PID] [--cluster-id ID]
 * </pre>
 *
 * <ul>
 *   <li>Formats the KRaft storage ({@code log.dirs} of the config) with {@code --standalone} if it is
 *       not formatted yet (no {@code meta.properties}); a formatted directory is reused as it is.</li>
 *   <li>Starts the broker with {@code kafka.Kafka}; SIGTERM (and SIGINT) shut it down cleanly through
 *       Kafka's own shutdown hook.</li>
 *   <li>With {@code --owner-pid}, exits (cleanly) as soon as that process is gone, so that a test JVM
 *       killed with {@code kill -9} does not leave a broker behind.</li>
 * </ul>
 *
 * Logging goes through log4j2 with {@code io/pulseboard/broker/log4j2-broker.xml} (WARN to stdout)
 * unless {@code -Dlog4j2.configurationFile} says otherwise. The launcher redirects stdout to a file.
 */
public final class BrokerMain {

    /** The classpath resource listing the broker's dependencies (one absolute path per entry, ':'-separated). */
    public static final String CLASSPATH_RESOURCE = "io/pulseboard/broker/broker-classpath.txt";
    /** The line printed on stdout once the broker has started. */
    public static final String STARTED_MARKER = "PULSE-BROKER-STARTED";

    /** How long a clean shutdown may take before the JVM is halted. */
    private static final long SHUTDOWN_GRACE_MS = 30_000;

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        String config = null;
        Long ownerPid = null;
        String clusterId = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> config = value(args, ++i);
                case "--owner-pid" -> ownerPid = Long.parseLong(value(args, ++i));
                case "--cluster-id" -> clusterId = value(args, ++i);
                default -> usage("unknown argument: " + args[i]);
            }
        }
        if (config == null) {
            usage("--config is required");
        }
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "io/pulseboard/broker/log4j2-broker.xml");
        }
        // Keep logging up while Kafka's own shutdown hook runs (log4j's hook would stop it first).
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        Path configFile = Paths.get(config).toAbsolutePath();
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            props.load(in);
        }

        if (ownerPid != null) {
            watchOwner(ownerPid);
        }
        installHaltTimer();

        formatIfNeeded(configFile, props, clusterId);

        log("starting Kafka broker, config " + configFile);
        // Print the marker once the broker is started: kafka.Kafka.main blocks until shutdown.
        Thread marker = new Thread(() -> awaitStartedAndPrint(props), "pulse-broker-started");
        marker.setDaemon(true);
        marker.start();
        // Installs Kafka's shutdown hook (clean shutdown on SIGTERM / System.exit), starts, and blocks.
        kafka.Kafka.main(new String[] {configFile.toString()});
    }

    private static void formatIfNeeded(Path configFile, Properties props, String clusterId) throws IOException {
        String logDirs = props.getProperty("log.dirs", props.getProperty("log.dir"));
        if (logDirs == null || logDirs.isBlank()) {
            throw new IllegalArgumentException("log.dirs is not set in " + configFile);
        }
        Path first = Paths.get(logDirs.split(",")[0].trim());
        if (Files.exists(first.resolve("meta.properties"))) {
            return;
        }
        String id = clusterId != null ? clusterId : randomClusterId();
        log("formatting KRaft storage " + logDirs + " with cluster id " + id);
        PrintStream out = System.out;
        int rc = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", id, "-c", configFile.toString(), "--standalone", "--ignore-formatted"},
                out);
        if (rc != 0) {
            log("formatting the storage failed (exit code " + rc + ")");
            System.exit(rc);
        }
    }

    /** A Kafka cluster id (16 random bytes, URL-safe base64), as {@code kafka-storage random-uuid} prints. */
    private static String randomClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static void awaitStartedAndPrint(Properties props) {
        // The broker answers on its listener once started; the launcher checks readiness with an
        // AdminClient. This marker is for humans reading the log.
        String listeners = props.getProperty("listeners", "");
        for (String listener : listeners.split(",")) {
            String l = listener.trim();
            if (!l.startsWith("PLAINTEXT://")) {
                continue;
            }
            String hostPort = l.substring("PLAINTEXT://".length());
            int colon = hostPort.lastIndexOf(':');
            String host = hostPort.substring(0, colon);
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (System.nanoTime() < deadline) {
                try (java.net.Socket s = new java.net.Socket()) {
                    s.connect(new java.net.InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port), 500);
                    log(STARTED_MARKER + " " + hostPort);
                    return;
                } catch (IOException e) {
                    sleep(100);
                }
            }
        }
    }

    /** Exits this JVM (cleanly, through the shutdown hooks) when the owner process is gone. */
    private static void watchOwner(long pid) {
        Optional<ProcessHandle> owner = ProcessHandle.of(pid);
        if (owner.isEmpty() || !owner.get().isAlive()) {
            log("owner process " + pid + " is not running; exiting");
            System.exit(3);
        }
        ProcessHandle handle = owner.get();
        Optional<Instant> ownerStart = handle.info().startInstant();
        handle.onExit().thenRun(() -> ownerGone(pid));
        // onExit() of a process that is not our child is implemented by polling in the JDK; poll here
        // too, comparing the start time so that a recycled pid is not taken for the owner.
        Thread poll = new Thread(
                () -> {
                    while (true) {
                        sleep(1000);
                        Optional<ProcessHandle> now = ProcessHandle.of(pid);
                        boolean alive = now.isPresent()
                                && now.get().isAlive()
                                && (ownerStart.isEmpty()
                                        || ownerStart.equals(now.get().info().startInstant()));
                        if (!alive) {
                            ownerGone(pid);
                            return;
                        }
                    }
                },
                "pulse-broker-owner-watch");
        poll.setDaemon(true);
        poll.start();
    }

    private static volatile boolean exiting;

    private static synchronized void ownerGone(long pid) {
        if (exiting) {
            return;
        }
        exiting = true;
        log("owner process " + pid + " is gone; shutting the broker down");
        // System.exit blocks the calling thread for good; do it from a thread of its own.
        Thread exit = new Thread(() -> System.exit(0), "pulse-broker-exit");
        exit.setDaemon(false);
        exit.start();
    }

    /** A hook that halts the JVM if the clean shutdown takes too long. */
    private static void installHaltTimer() {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Thread halt = new Thread(
                                    () -> {
                                        sleep(SHUTDOWN_GRACE_MS);
                                        log("clean shutdown took longer than " + SHUTDOWN_GRACE_MS + " ms; halting");
                                        Runtime.getRuntime().halt(4);
                                    },
                                    "pulse-broker-halt-timer");
                            halt.setDaemon(true);
                            halt.start();
                        },
                        "pulse-broker-halt-hook"));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println("pulse-kafka-broker: " + problem);
        System.err.println("usage: java -cp <broker classpath> " + BrokerMain.class.getName()
                + " --config server.properties [--owner-pid PID] [--cluster-id ID]");
        System.exit(2);
    }

    static void log(String message) {
        System.out.println(Instant.now() + " [pulse-broker] " + message);
        System.out.flush();
    }
}

package io.pulseboard.infra;

import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the infrastructure by hand, until Ctrl-C:
 *
 * <pre>
 * java -cp ... io.pulseboard.infra.InfraMain --data-dir DIR [--kafka-port 9092] [--postgres-port 5432]
 *      [--partitions N] [--mode local|containers|auto] [--fresh]
 * ./mvnw -q -pl deploy/infra exec:java        (data dir: data/ at the repository root)
 * </pre>
 *
 * The data survive restarts (use {@code --fresh} to start empty), and crashes: PostgreSQL is durable
 * (fsync, synchronous_commit and full_page_writes on) unless {@code pulse.infra.non-durable} says
 * otherwise, which only tests should. Without a port option the OS chooses one. The mode is local
 * unless {@code --mode} (or {@code pulse.infra}) says otherwise.
 */
public final class InfraMain {

    private InfraMain() {}

    public static void main(String[] args) throws InterruptedException {
        quietLogging();
        InfraOptions.Builder options = InfraOptions.builder();
        if (InfraOptions.setting(InfraOptions.MODE_PROPERTY) == null) {
            options.mode(Mode.LOCAL);
        }
        Path dataDir = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--data-dir":
                        dataDir = Paths.get(value(args, ++i));
                        break;
                    case "--kafka-port":
                        options.kafkaPort(Integer.parseInt(value(args, ++i)));
                        break;
                    case "--postgres-port":
                        options.postgresPort(Integer.parseInt(value(args, ++i)));
                        break;
                    case "--partitions":
                        options.partitions(Integer.parseInt(value(args, ++i)));
                        break;
                    case "--mode":
                        options.mode(Mode.parse(value(args, ++i)));
                        break;
                    case "--fresh":
                        options.fresh(true);
                        break;
                    case "-h":
                    case "--help":
                        usage(System.out);
                        return;
                    default:
                        throw new IllegalArgumentException("unknown argument: " + args[i]);
                }
            }
            if (dataDir == null) {
                throw new IllegalArgumentException("--data-dir is required");
            }
            options.dataDir(dataDir);
        } catch (IllegalArgumentException e) {
            System.err.println("InfraMain: " + e.getMessage());
            usage(System.err);
            exit(2);
            return;
        }

        PulseInfra infra;
        try {
            infra = PulseInfra.start(options.build());
        } catch (RuntimeException e) {
            System.err.println("InfraMain: could not start the infrastructure: " + e.getMessage());
            exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            System.out.println("Stopping Kafka and PostgreSQL...");
                            infra.close();
                            System.out.println("Stopped.");
                            stopped.countDown();
                        },
                        "infra-main-stop"));

        PrintStream out = System.out;
        out.println();
        out.println("Pulseboard infrastructure (" + infra.mode().id() + "), data in "
                + infra.dataDir().map(Path::toString).orElse("containers"));
        out.println("  Kafka bootstrap servers:  " + infra.kafkaBootstrapServers());
        out.println("  PostgreSQL JDBC URL:      " + infra.jdbcUrl());
        out.println("  PostgreSQL reactive URL:  " + infra.reactiveUrl());
        out.println("  user / password:          " + infra.username() + " / " + infra.password());
        out.println("  PostgreSQL durability:    " + String.join(", ", PostgresDurability.SETTINGS)
                + (infra.options().nonDurable() ? " off: NOT durable, a crash can lose confirmed commits" : " on"));
        out.println("For the services:");
        out.println("  export KAFKA_BOOTSTRAP_SERVERS=" + infra.kafkaBootstrapServers());
        out.println("  export QUARKUS_DATASOURCE_REACTIVE_URL=" + infra.reactiveUrl());
        out.println("  export QUARKUS_DATASOURCE_JDBC_URL=" + infra.jdbcUrl());
        out.println("  export QUARKUS_DATASOURCE_USERNAME=" + infra.username() + " QUARKUS_DATASOURCE_PASSWORD="
                + infra.password());
        out.println("Press Ctrl-C to stop.");
        out.flush();
        stopped.await();
    }

    /** One line per log record; no SLF4J "no providers" notice (nothing here binds SLF4J on purpose). */
    public static void quietLogging() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT %4$s [%3$s] %5$s%6$s%n");
        }
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[i - 1]);
        }
        return args[i];
    }

    private static void usage(PrintStream out) {
        out.println("usage: InfraMain --data-dir DIR [--kafka-port PORT] [--postgres-port PORT] [--partitions N]"
                + " [--mode local|containers|auto] [--fresh]");
    }

    private static void exit(int code) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}

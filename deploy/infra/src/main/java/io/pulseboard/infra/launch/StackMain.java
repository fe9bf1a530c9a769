package io.pulseboard.infra.launch;

import io.pulseboard.infra.InfraMain;
import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.Mode;
import io.pulseboard.infra.ServiceSpec;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The stack launcher's command line: starts the infrastructure (or uses another launcher's), and the
 * services asked for, waits until each is ready ({@code /q/health/ready}), writes the stack file
 * ({@link StackFile}), and runs until SIGTERM or SIGINT, which stop everything it started (services
 * first). If a service stops by itself, it stops the rest and exits with 1.
 *
 * <pre>
 * java -cp ... io.pulseboard.infra.launch.StackMain --stack-file FILE
 *      (--data-dir DIR [--kafka-port P] [--postgres-port P] [--partitions N] [--mode M] [--fresh] | --infra-from FILE)
 *      [--service NAME[=PORT]]... [--jar NAME=JAR]... [--set NAME:KEY=VALUE]... [--java-opts NAME=OPTIONS]...
 *      [--root DIR] [--logs DIR] [--start-timeout SECONDS]
 * </pre>
 *
 * A service NAME ({@code ingest}, {@code aggregator}, {@code gateway}) runs the repository's
 * {@code NAME-service/target/quarkus-app/quarkus-run.jar} unless {@code --jar} names another; port 0 or
 * none: the OS chooses. The gateway is pointed at the aggregator when both start. JVM options: {@code
 * --java-opts}, else the environment's {@code PULSE_<NAME>_JAVA_OPTS}, else
 * {@link ServiceSpec#DEFAULT_JVM_OPTIONS}. The services inherit the launcher's environment.
 */
public final class StackMain {

    private static final String USAGE =
            "usage: StackMain --stack-file FILE (--data-dir DIR [--kafka-port PORT] [--postgres-port PORT]"
                    + " [--partitions N] [--mode local|containers|auto] [--fresh] | --infra-from STACK_FILE)"
                    + " [--service NAME[=PORT]]... [--jar NAME=JAR]... [--set NAME:KEY=VALUE]... [--java-opts NAME=OPTIONS]..."
                    + " [--root DIR] [--logs DIR] [--start-timeout SECONDS]";

    private StackMain() {}

    public static void main(String[] args) throws InterruptedException {
        InfraMain.quietLogging();
        Request request;
        try {
            request = Request.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("StackMain: " + e.getMessage());
            System.err.println(USAGE);
            exit(2);
            return;
        }
        if (request == null) {
            System.out.println(USAGE);
            return;
        }
        StackLauncher.LaunchedStack stack;
        try {
            stack = request.infraFrom != null
                    ? StackLauncher.startOn(
                            StackFile.read(request.infraFrom), request.services(), request.logs, request.timeout)
                    : StackLauncher.start(request.infra.build(), request.services(), request.logs, request.timeout);
        } catch (RuntimeException e) {
            System.err.println("StackMain: could not start the stack: " + e.getMessage());
            exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                java.nio.file.Files.deleteIfExists(request.stackFile);
                            } catch (java.io.IOException e) {
                                System.err.println("StackMain: could not delete the stack file " + request.stackFile
                                        + ": " + e.getMessage());
                            }
                            stack.close();
                            stopped.countDown();
                        },
                        "stack-main-stop"));
        stack.describe().write(request.stackFile);
        System.out.println("stack ready: " + request.stackFile);
        while (!stopped.await(1, java.util.concurrent.TimeUnit.SECONDS)) {
            var gone = stack.stoppedService();
            if (gone.isPresent()) {
                System.err.println("StackMain: " + gone.get() + " stopped by itself; stopping the rest");
                exit(1);
            }
        }
    }

    /** What the command line asks for. */
    static final class Request {
        final InfraOptions.Builder infra = InfraOptions.builder();
        Path stackFile;
        Path infraFrom;
        Path dataDir;
        Path root = Paths.get("").toAbsolutePath();
        Path logs;
        Duration timeout = Duration.ofSeconds(120);
        final Map<String, Integer> ports = new LinkedHashMap<>();
        final Map<String, Path> jars = new LinkedHashMap<>();
        final Map<String, Map<String, String>> config = new LinkedHashMap<>();
        final Map<String, List<String>> javaOptions = new LinkedHashMap<>();
        Map<String, String> environment = System.getenv();

        /** The request, or null for {@code --help}. */
        static Request parse(String... args) {
            Request r = new Request();
            if (InfraOptions.setting(InfraOptions.MODE_PROPERTY) == null) {
                r.infra.mode(Mode.LOCAL);
            }
            boolean infraOption = false;
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                switch (option) {
                    case "--stack-file" -> r.stackFile = Paths.get(value(args, ++i));
                    case "--infra-from" -> r.infraFrom = Paths.get(value(args, ++i));
                    case "--data-dir" -> r.dataDir = Paths.get(value(args, ++i));
                    case "--kafka-port" -> {
                        r.infra.kafkaPort(number(option, value(args, ++i)));
                        infraOption = true;
                    }
                    case "--postgres-port" -> {
                        r.infra.postgresPort(number(option, value(args, ++i)));
                        infraOption = true;
                    }
                    case "--partitions" -> {
                        r.infra.partitions(number(option, value(args, ++i)));
                        infraOption = true;
                    }
                    case "--mode" -> {
                        r.infra.mode(Mode.parse(value(args, ++i)));
                        infraOption = true;
                    }
                    case "--fresh" -> {
                        r.infra.fresh(true);
                        infraOption = true;
                    }
                    case "--service" -> {
                        String[] nameAndPort = value(args, ++i).split("=", 2);
                        r.ports.put(
                                name(option, nameAndPort[0]),
                                nameAndPort.length == 2 ? number(option, nameAndPort[1]) : 0);
                    }
                    case "--jar" -> {
                        String[] pair = pair(option, value(args, ++i), "=");
                        r.jars.put(pair[0], Paths.get(pair[1]));
                    }
                    case "--set" -> {
                        String[] target = pair(option, value(args, ++i), ":");
                        String[] keyValue = pair(option, target[1], "=");
                        r.config
                                .computeIfAbsent(target[0], n -> new LinkedHashMap<>())
                                .put(keyValue[0], keyValue[1]);
                    }
                    case "--java-opts" -> {
                        String[] pair = pair(option, value(args, ++i), "=");
                        r.javaOptions.put(pair[0], words(pair[1]));
                    }
                    case "--root" -> r.root = Paths.get(value(args, ++i)).toAbsolutePath();
                    case "--logs" -> r.logs = Paths.get(value(args, ++i));
                    case "--start-timeout" -> r.timeout = Duration.ofSeconds(number(option, value(args, ++i)));
                    case "-h", "--help" -> {
                        return null;
                    }
                    default -> throw new IllegalArgumentException("unknown argument: " + option);
                }
            }
            if (r.stackFile == null) {
                throw new IllegalArgumentException("--stack-file is required");
            }
            if ((r.dataDir == null) == (r.infraFrom == null)) {
                throw new IllegalArgumentException(
                        "give either --data-dir (start the infrastructure) or --infra-from (use another stack's)");
            }
            if (r.infraFrom != null && infraOption) {
                throw new IllegalArgumentException(
                        "--infra-from uses another stack's infrastructure: its ports, partitions and mode are set there");
            }
            for (String named : concat(r.jars.keySet(), r.config.keySet(), r.javaOptions.keySet())) {
                if (!r.ports.containsKey(named)) {
                    throw new IllegalArgumentException(
                            "'" + named + "' is configured but not started (add --service " + named + ")");
                }
            }
            if (r.dataDir != null) {
                r.infra.dataDir(r.dataDir);
            }
            if (r.logs == null) {
                r.logs = r.dataDir != null
                        ? r.dataDir.resolve("logs")
                        : r.stackFile.toAbsolutePath().getParent();
            }
            return r;
        }

        /** The services in the order asked, as {@link StackLauncher#repositoryServices} makes them, with what was given. */
        List<ServiceSpec> services() {
            List<ServiceSpec> specs = new ArrayList<>();
            for (ServiceSpec spec : StackLauncher.repositoryServices(root, ports)) {
                String name = spec.name();
                specs.add(new ServiceSpec(
                                name, jars.getOrDefault(name, spec.jar()), spec.port(), spec.config(), jvmOptions(name))
                        .withConfig(config.getOrDefault(name, Map.of())));
            }
            return specs;
        }

        private List<String> jvmOptions(String name) {
            List<String> given = javaOptions.get(name);
            if (given != null) {
                return given;
            }
            String fromEnvironment =
                    environment.get("PULSE_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_JAVA_OPTS");
            return fromEnvironment != null && !fromEnvironment.isBlank()
                    ? words(fromEnvironment)
                    : ServiceSpec.DEFAULT_JVM_OPTIONS;
        }

        private static List<String> concat(
                java.util.Collection<String> a, java.util.Collection<String> b, java.util.Collection<String> c) {
            List<String> all = new ArrayList<>(a);
            all.addAll(b);
            all.addAll(c);
            return all;
        }

        private static List<String> words(String text) {
            return Arrays.stream(text.trim().split("\\s+"))
                    .filter(w -> !w.isEmpty())
                    .toList();
        }

        private static String name(String option, String name) {
            if (!name.matches("[a-z][a-z0-9-]*")) {
                throw new IllegalArgumentException(
                        option + ": a service name is lower-case letters, digits and '-', not '" + name + "'");
            }
            return name;
        }

        private static String[] pair(String option, String text, String separator) {
            int at = text.indexOf(separator);
            if (at <= 0) {
                throw new IllegalArgumentException(option + " " + text + ": expected LEFT" + separator + "RIGHT");
            }
            return new String[] {text.substring(0, at), text.substring(at + 1)};
        }

        private static int number(String option, String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": not a whole number: '" + text + "'");
            }
        }

        private static String value(String[] args, int i) {
            if (i >= args.length) {
                throw new IllegalArgumentException("missing value for " + args[i - 1]);
            }
            return args[i];
        }
    }

    private static void exit(int code) {
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }
}

package io.pulseboard.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What {@link PulseInfra#start(InfraOptions)} starts. Immutable; build with {@link #builder()}, whose
 * defaults come from system properties, then environment variables, then the built-in default:
 *
 * <table>
 *   <caption>settings</caption>
 *   <tr><th>system property</th><th>environment variable</th><th>default</th></tr>
 *   <tr><td>{@code pulse.infra}</td><td>{@code PULSE_INFRA}</td><td>{@code auto} ({@code local}, {@code containers})</td></tr>
 *   <tr><td>{@code pulse.infra.partitions}</td><td>{@code PULSE_INFRA_PARTITIONS}</td><td>6</td></tr>
 *   <tr><td>{@code pulse.infra.kafka-image}</td><td>{@code PULSE_INFRA_KAFKA_IMAGE}</td><td>{@code apache/kafka:4.1.0}</td></tr>
 *   <tr><td>{@code pulse.infra.postgres-image}</td><td>{@code PULSE_INFRA_POSTGRES_IMAGE}</td><td>{@code postgres:17}</td></tr>
 *   <tr><td>{@code pulse.infra.startup-timeout}</td><td>{@code PULSE_INFRA_STARTUP_TIMEOUT}</td><td>120 (seconds)</td></tr>
 *   <tr><td>{@code pulse.infra.kafka-jvm-options}</td><td>{@code PULSE_INFRA_KAFKA_JVM_OPTIONS}</td><td>{@code -Xms128m -Xmx1g}</td></tr>
 *   <tr><td>{@code pulse.infra.non-durable}</td><td>{@code PULSE_INFRA_NON_DURABLE}</td><td>{@code false} (see {@link #nonDurable()})</td></tr>
 *   <tr><td>{@code pulse.infra.kafka-sasl}</td><td>{@code PULSE_INFRA_KAFKA_SASL}</td><td>none; {@code user:password} (see {@link #kafkaSasl()})</td></tr>
 * </table>
 *
 * The data directory, the fixed ports and the database name, user and password are set in code only
 * (defaults: a fresh temporary directory deleted at close, ports chosen by the OS, {@code pulse} /
 * {@code pulse} / {@code pulse}).
 */
public final class InfraOptions {

    public static final String MODE_PROPERTY = "pulse.infra";
    public static final String PARTITIONS_PROPERTY = "pulse.infra.partitions";
    public static final String KAFKA_IMAGE_PROPERTY = "pulse.infra.kafka-image";
    public static final String POSTGRES_IMAGE_PROPERTY = "pulse.infra.postgres-image";
    public static final String STARTUP_TIMEOUT_PROPERTY = "pulse.infra.startup-timeout";
    public static final String KAFKA_JVM_OPTIONS_PROPERTY = "pulse.infra.kafka-jvm-options";
    public static final String NON_DURABLE_PROPERTY = "pulse.infra.non-durable";
    public static final String KAFKA_SASL_PROPERTY = "pulse.infra.kafka-sasl";

    public static final int DEFAULT_PARTITIONS = 6;
    public static final String DEFAULT_KAFKA_IMAGE = "apache/kafka:4.1.0";
    public static final String DEFAULT_POSTGRES_IMAGE = "postgres:17";
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(120);
    public static final String DEFAULT_KAFKA_JVM_OPTIONS = "-Xms128m -Xmx1g";
    public static final String DEFAULT_NAME = "pulse";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final Mode mode;
    private final int partitions;
    private final Path dataDir;
    private final boolean fresh;
    private final int kafkaPort;
    private final int postgresPort;
    private final String database;
    private final String username;
    private final String password;
    private final String kafkaImage;
    private final String postgresImage;
    private final Duration startupTimeout;
    private final List<String> kafkaJvmOptions;
    private final boolean nonDurable;
    private final SaslUser kafkaSasl;

    /** A user of a broker that requires SASL PLAIN. */
    public record SaslUser(String username, String password) {

        public SaslUser {
            if (username == null || !username.matches("[A-Za-z0-9_.-]+")) {
                throw new IllegalArgumentException(
                        "a SASL user name must be letters, digits, '_', '.' or '-', not '" + username + "'");
            }
            if (password == null || password.isEmpty() || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("a SASL password must be non-empty, without '\"' or '\\'");
            }
        }

        /** The client's {@code sasl.jaas.config} for this user. */
        public String jaasConfig() {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + username
                    + "\" password=\"" + password + "\";";
        }

        @Override
        public String toString() {
            return username + ":***";
        }
    }

    private InfraOptions(Builder b) {
        this.mode = b.mode;
        this.partitions = b.partitions;
        this.dataDir = b.dataDir == null ? null : b.dataDir.toAbsolutePath().normalize();
        this.fresh = b.fresh;
        this.kafkaPort = b.kafkaPort;
        this.postgresPort = b.postgresPort;
        this.database = b.database;
        this.username = b.username;
        this.password = b.password;
        this.kafkaImage = b.kafkaImage;
        this.postgresImage = b.postgresImage;
        this.startupTimeout = b.startupTimeout;
        this.kafkaJvmOptions = List.copyOf(b.kafkaJvmOptions);
        this.nonDurable = b.nonDurable;
        this.kafkaSasl = b.kafkaSasl;
    }

    /** Options from system properties and environment variables, else the defaults. */
    public static InfraOptions defaults() {
        return builder().build();
    }

    /** A builder initialised from system properties and environment variables, else the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder with these options. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.partitions = partitions;
        b.dataDir = dataDir;
        b.fresh = fresh;
        b.kafkaPort = kafkaPort;
        b.postgresPort = postgresPort;
        b.database = database;
        b.username = username;
        b.password = password;
        b.kafkaImage = kafkaImage;
        b.postgresImage = postgresImage;
        b.startupTimeout = startupTimeout;
        b.kafkaJvmOptions = new ArrayList<>(kafkaJvmOptions);
        b.nonDurable = nonDurable;
        b.kafkaSasl = kafkaSasl;
        return b;
    }

    /** The requested mode (may be {@link Mode#AUTO}; {@link PulseInfra#mode()} tells what was chosen). */
    public Mode mode() {
        return mode;
    }

    /** Partitions of pulse.events, pulse.events.dlq, pulse.metrics, pulse.minutes, pulse.samples, pulse.alerts and pulse.rules. */
    public int partitions() {
        return partitions;
    }

    /** The persistent data directory, or empty for a fresh temporary one deleted at close. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Whether the data directory's content is deleted before starting (only with a data directory). */
    public boolean fresh() {
        return fresh;
    }

    /** The fixed Kafka (PLAINTEXT) port, or 0 for one chosen by the OS. */
    public int kafkaPort() {
        return kafkaPort;
    }

    /** The fixed PostgreSQL port, or 0 for one chosen by the OS. */
    public int postgresPort() {
        return postgresPort;
    }

    public String database() {
        return database;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String kafkaImage() {
        return kafkaImage;
    }

    public String postgresImage() {
        return postgresImage;
    }

    /** How long each of Kafka and PostgreSQL may take to become ready. */
    public Duration startupTimeout() {
        return startupTimeout;
    }

    /** JVM options of the local broker's JVM. */
    public List<String> kafkaJvmOptions() {
        return kafkaJvmOptions;
    }

    /**
     * Whether PostgreSQL runs with {@code fsync}, {@code synchronous_commit} and {@code full_page_writes}
     * off: faster, but a commit it confirmed can be lost when the server or the machine crashes. For
     * tests only (the build sets it for them); the default, and the launcher's, is durable (all three on).
     */
    public boolean nonDurable() {
        return nonDurable;
    }

    /**
     * The user of a Kafka broker that accepts clients only over SASL_PLAINTEXT with PLAIN, or empty for
     * a plaintext broker. Clients need {@link PulseInfra#kafkaClientConfig()}. Local mode only.
     */
    public Optional<SaslUser> kafkaSasl() {
        return Optional.ofNullable(kafkaSasl);
    }

    /** Whether options that only local mode supports are set (a data directory or a fixed port). */
    boolean needsLocal() {
        return dataDir != null || kafkaPort != 0 || postgresPort != 0 || kafkaSasl != null;
    }

    @Override
    public String toString() {
        return "InfraOptions[mode=" + mode.id() + ", partitions=" + partitions
                + ", dataDir=" + (dataDir == null ? "(temporary)" : dataDir) + (fresh ? " (fresh)" : "")
                + ", kafkaPort=" + (kafkaPort == 0 ? "any" : kafkaPort)
                + ", postgresPort=" + (postgresPort == 0 ? "any" : postgresPort)
                + ", database=" + database + ", username=" + username
                + ", kafkaImage=" + kafkaImage + ", postgresImage=" + postgresImage
                + ", startupTimeout=" + startupTimeout.toSeconds() + "s"
                + ", kafkaJvmOptions=" + kafkaJvmOptions
                + (nonDurable ? ", nonDurable" : "") + (kafkaSasl == null ? "" : ", kafkaSasl=" + kafkaSasl) + "]";
    }

    /** Reads a setting: the system property, else the environment variable named after it, else null. */
    public static String setting(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(envName(property));
        }
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** {@code pulse.infra.kafka-image} becomes {@code PULSE_INFRA_KAFKA_IMAGE}. */
    static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Builds {@link InfraOptions}. */
    public static final class Builder {
        private Mode mode = Mode.AUTO;
        private int partitions = DEFAULT_PARTITIONS;
        private Path dataDir;
        private boolean fresh;
        private int kafkaPort;
        private int postgresPort;
        private String database = DEFAULT_NAME;
        private String username = DEFAULT_NAME;
        private String password = DEFAULT_NAME;
        private String kafkaImage = DEFAULT_KAFKA_IMAGE;
        private String postgresImage = DEFAULT_POSTGRES_IMAGE;
        private Duration startupTimeout = DEFAULT_STARTUP_TIMEOUT;
        private List<String> kafkaJvmOptions = splitOptions(DEFAULT_KAFKA_JVM_OPTIONS);
        private boolean nonDurable;
        private SaslUser kafkaSasl;

        private Builder() {
            String m = setting(MODE_PROPERTY);
            if (m != null) {
                mode = Mode.parse(m);
            }
            String p = setting(PARTITIONS_PROPERTY);
            if (p != null) {
                partitions = parseInt(PARTITIONS_PROPERTY, p);
            }
            String ki = setting(KAFKA_IMAGE_PROPERTY);
            if (ki != null) {
                kafkaImage = ki;
            }
            String pi = setting(POSTGRES_IMAGE_PROPERTY);
            if (pi != null) {
                postgresImage = pi;
            }
            String t = setting(STARTUP_TIMEOUT_PROPERTY);
            if (t != null) {
                startupTimeout = Duration.ofSeconds(parseInt(STARTUP_TIMEOUT_PROPERTY, t));
            }
            String j = setting(KAFKA_JVM_OPTIONS_PROPERTY);
            if (j != null) {
                kafkaJvmOptions = splitOptions(j);
            }
            String n = setting(NON_DURABLE_PROPERTY);
            if (n != null) {
                nonDurable = parseBoolean(NON_DURABLE_PROPERTY, n);
            }
            String s = setting(KAFKA_SASL_PROPERTY);
            if (s != null) {
                int colon = s.indexOf(':');
                if (colon < 1) {
                    throw new IllegalArgumentException(
                            KAFKA_SASL_PROPERTY + " (or " + envName(KAFKA_SASL_PROPERTY) + ") must be user:password");
                }
                kafkaSasl = new SaslUser(s.substring(0, colon), s.substring(colon + 1));
            }
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public Builder partitions(int partitions) {
            this.partitions = partitions;
            return this;
        }

        /** A persistent data directory (created if missing): data survives restarts. Null: temporary. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Delete the data directory's content before starting. */
        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        /** A fixed Kafka port (0: chosen by the OS). Start-up fails with a clear message if it is taken. */
        public Builder kafkaPort(int kafkaPort) {
            this.kafkaPort = kafkaPort;
            return this;
        }

        /** A fixed PostgreSQL port (0: chosen by the OS). Start-up fails with a clear message if it is taken. */
        public Builder postgresPort(int postgresPort) {
            this.postgresPort = postgresPort;
            return this;
        }

        public Builder database(String database) {
            this.database = database;
            return this;
        }

        public Builder username(String username) {
            this.username = username;
            return this;
        }

        public Builder password(String password) {
            this.password = password;
            return this;
        }

        public Builder kafkaImage(String kafkaImage) {
            this.kafkaImage = kafkaImage;
            return this;
        }

        public Builder postgresImage(String postgresImage) {
            this.postgresImage = postgresImage;
            return this;
        }

        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        public Builder kafkaJvmOptions(List<String> kafkaJvmOptions) {
            this.kafkaJvmOptions = new ArrayList<>(kafkaJvmOptions);
            return this;
        }

        /** PostgreSQL without fsync, synchronous_commit and full_page_writes (see {@link InfraOptions#nonDurable()}). */
        public Builder nonDurable(boolean nonDurable) {
            this.nonDurable = nonDurable;
            return this;
        }

        /** A broker that requires SASL_PLAINTEXT with PLAIN and knows this user (null: plaintext). */
        public Builder kafkaSasl(SaslUser kafkaSasl) {
            this.kafkaSasl = kafkaSasl;
            return this;
        }

        public InfraOptions build() {
            if (partitions < 1 || partitions > 10_000) {
                throw new IllegalArgumentException("partitions must be between 1 and 10000, not " + partitions);
            }
            checkPort("Kafka port", kafkaPort);
            checkPort("PostgreSQL port", postgresPort);
            if (kafkaPort != 0 && kafkaPort == postgresPort) {
                throw new IllegalArgumentException("Kafka and PostgreSQL cannot share port " + kafkaPort);
            }
            checkIdentifier("database", database);
            checkIdentifier("username", username);
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
            Objects.requireNonNull(kafkaImage, "kafkaImage");
            Objects.requireNonNull(postgresImage, "postgresImage");
            if (startupTimeout == null || startupTimeout.isNegative() || startupTimeout.isZero()) {
                throw new IllegalArgumentException("startupTimeout must be positive");
            }
            if (fresh && dataDir == null) {
                throw new IllegalArgumentException("fresh needs a data directory");
            }
            return new InfraOptions(this);
        }

        private static void checkPort(String what, int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException(what + " must be between 1 and 65535 (or 0 for any), not " + port);
            }
        }

        private static void checkIdentifier(String what, String value) {
            if (value == null || !IDENTIFIER.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must match " + IDENTIFIER.pattern()
                        + " (lower-case SQL identifier), not '" + value + "'");
            }
        }
    }

    private static int parseInt(String property, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    property + " (or " + envName(property) + ") must be a number, not '" + value + "'", e);
        }
    }

    private static boolean parseBoolean(String property, String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(
                property + " (or " + envName(property) + ") must be true or false, not '" + value + "'");
    }

    private static List<String> splitOptions(String options) {
        List<String> list = new ArrayList<>();
        for (String s : Arrays.asList(options.trim().split("\\s+"))) {
            if (!s.isEmpty()) {
                list.add(s);
            }
        }
        return list;
    }
}

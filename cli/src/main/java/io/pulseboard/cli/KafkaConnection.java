package io.pulseboard.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How every {@code pulse} command reaches Kafka, and finds out early when it cannot. */
final class KafkaConnection {

    static final String PULSE_KAFKA = "PULSE_KAFKA";
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT[,...]",
            description = "Kafka brokers (default: bootstrap.servers of --kafka-property or --kafka-config, else "
                    + "$PULSE_KAFKA, else $KAFKA_BOOTSTRAP_SERVERS, else " + DEFAULT_BOOTSTRAP_SERVERS + ").")
    String bootstrapServersOption;

    @Option(
            names = "--kafka-config",
            paramLabel = "FILE",
            description = "Kafka client settings from a properties file (security.protocol, sasl.*, ssl.*, ...; "
                    + "names with or without the services' 'kafka.' prefix), over KAFKA_* environment variables.")
    Path kafkaConfig;

    @Option(
            names = "--kafka-property",
            paramLabel = "NAME=VALUE",
            description = "A Kafka client setting, e.g. security.protocol=SASL_SSL, over --kafka-config; repeatable.")
    Map<String, String> kafkaProperties = new LinkedHashMap<>();

    @Option(
            names = "--timeout",
            defaultValue = "10s",
            converter = DurationConverter.class,
            paramLabel = "DURATION",
            description = "How long Kafka may take to answer (to be reached, to take an event, to hand over records) "
                    + "before the command gives up with exit code 3 (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Where the settings come from besides the options; the process's environment unless a test says otherwise. */
    Map<String, String> environment = System.getenv();

    private KafkaSettings settings;

    /** The user's Kafka client settings; a bad one is a usage error (exit code 2) saying which and where. */
    KafkaSettings settings() {
        if (settings == null) {
            try {
                settings = KafkaSettings.of(environment, kafkaConfig, kafkaProperties);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        return settings;
    }

    /** The brokers: the option, else the settings given on the command line, else the environment's. */
    String bootstrapServers() {
        if (bootstrapServersOption != null) {
            return bootstrapServersOption;
        }
        KafkaSettings s = settings();
        boolean fromCommandLine =
                s.bootstrapServersOrigin().filter(o -> o.startsWith("--")).isPresent();
        if (!fromCommandLine && environment.get(PULSE_KAFKA) != null) { // pulse's own variable over the services' one
            return environment.get(PULSE_KAFKA);
        }
        return s.bootstrapServers().orElse(DEFAULT_BOOTSTRAP_SERVERS);
    }

    /** The timeout in milliseconds, as Kafka's settings take it. */
    int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** A producer's settings: the user's, then where Kafka is and how long a request may take. */
    Properties producerConfig() {
        return withConnection(settings().producer());
    }

    /** A consumer's settings: also how long a blocking call may take. */
    Properties consumerConfig() {
        return withCallTimeout(withConnection(settings().consumer()));
    }

    Properties adminConfig() {
        return withCallTimeout(withConnection(settings().admin()));
    }

    private Properties withConnection(Properties props) {
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        return props;
    }

    private Properties withCallTimeout(Properties props) {
        props.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        return props;
    }

    /**
     * A client made from {@code config}; settings the Kafka client refuses (an unknown security protocol,
     * a malformed sasl.jaas.config) are a usage error saying which and where they came from.
     */
    <C> C create(Function<Properties, C> client, Properties config) {
        try {
            return client.apply(config);
        } catch (KafkaException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            String origins = settings().originsIn(message);
            throw new ParameterException(
                    spec.commandLine(),
                    "Kafka client settings refused: " + message + (origins.isEmpty() ? "" : " (" + origins + ")"));
        }
    }

    /** Checks that the brokers answer and {@code topic} exists, before anything is read or written. */
    void requireTopic(String topic) throws BrokerUnreachableException {
        try (Admin admin = create(Admin::create, adminConfig())) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new BrokerUnreachableException("Kafka at " + bootstrapServers() + " has no topic '" + topic
                        + "'; is this Pulseboard's Kafka?");
            }
            if (cause instanceof AuthenticationException || cause instanceof AuthorizationException) {
                throw new BrokerUnreachableException("Kafka at " + bootstrapServers() + " refused this client: "
                        + cause.getMessage() + " (check sasl.mechanism and sasl.jaas.config, or the ACLs)");
            }
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable();
            }
            throw new BrokerUnreachableException("Kafka at " + bootstrapServers() + " refused: " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable();
        }
    }

    BrokerUnreachableException unreachable() {
        return new BrokerUnreachableException("cannot reach Kafka at " + bootstrapServers() + " within "
                + timeout.toMillis() / 1000.0 + " s (set --bootstrap-servers or PULSE_KAFKA, or a longer --timeout"
                // A plaintext client at a SASL or TLS listener sees only closed connections, as at no broker.
                + (settings().secured()
                        ? ""
                        : "; a broker that requires SASL or TLS needs security.protocol and its "
                                + "settings: KAFKA_SECURITY_PROTOCOL..., --kafka-config or --kafka-property")
                + ")");
    }
}

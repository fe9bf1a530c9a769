package io.pulseboard.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;

/**
 * The Kafka client settings a user gives {@code pulse}, the same ones the services take: {@code KAFKA_*}
 * environment variables ({@code KAFKA_SECURITY_PROTOCOL} is {@code security.protocol}), then a properties
 * file ({@code --kafka-config}), then {@code --kafka-property NAME=VALUE}, each over the one before. Names
 * may carry the services' {@code kafka.} prefix. So {@code security.protocol}, {@code sasl.*} and
 * {@code ssl.*} reach every client of the command; each client gets the settings its kind knows.
 */
final class KafkaSettings {

    static final String ENV_PREFIX = "KAFKA_";
    private static final String PREFIX = "kafka.";

    /** Settings the command's own options decide, and which option that is. */
    private static final Map<String, String> OWNED = Map.of(
            ProducerConfig.ACKS_CONFIG, "--acks",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "--acks",
            ProducerConfig.LINGER_MS_CONFIG, "--linger-ms",
            ProducerConfig.BATCH_SIZE_CONFIG, "--batch-size",
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "--compression",
            CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "--timeout",
            CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "--timeout",
            ProducerConfig.MAX_BLOCK_MS_CONFIG, "--timeout",
            ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "--timeout");

    private static final Set<String> KNOWN = known();

    private final Map<String, String> values;
    /** Where each setting came from, for error messages ({@code KAFKA_SASL_MECHANISM}, {@code --kafka-config FILE}). */
    private final Map<String, String> origins;

    private KafkaSettings(Map<String, String> values, Map<String, String> origins) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
    }

    /**
     * The settings from these sources, later ones over earlier ones. Environment variables that name no
     * client setting ({@code KAFKA_HOME}, {@code KAFKA_OPTS}) are not for clients and left out; a file or
     * option that names one no client knows, or one of the command's own options, is an error.
     *
     * @throws IllegalArgumentException saying which setting, where, and why
     */
    static KafkaSettings of(Map<String, String> environment, Path file, Map<String, String> properties) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        environment.forEach((variable, value) -> {
            if (variable.startsWith(ENV_PREFIX)) {
                String name = variable.substring(ENV_PREFIX.length())
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '.');
                if (KNOWN.contains(name)) {
                    values.put(name, value);
                    origins.put(name, variable);
                }
            }
        });
        if (file != null) {
            read(file).forEach((name, value) -> {
                String setting = checked(name, "--kafka-config " + file);
                values.put(setting, value);
                origins.put(setting, "--kafka-config " + file);
            });
        }
        properties.forEach((name, value) -> {
            String setting = checked(name, "--kafka-property " + name + "=…");
            values.put(setting, value);
            origins.put(setting, "--kafka-property");
        });
        return new KafkaSettings(values, origins);
    }

    private static Map<String, String> read(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-config " + file + ": cannot read it (" + e + ")");
        } catch (IllegalArgumentException e) { // a malformed \\uXXXX escape
            throw new IllegalArgumentException(
                    "--kafka-config " + file + ": not a properties file (" + e.getMessage() + ")");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        p.stringPropertyNames().stream()
                .sorted()
                .forEach(name -> settings.put(name, p.getProperty(name).trim()));
        return settings;
    }

    /** The client setting {@code name} stands for, its {@code kafka.} prefix taken off; or why it is refused. */
    private static String checked(String name, String where) {
        String setting = name.trim().startsWith(PREFIX) ? name.trim().substring(PREFIX.length()) : name.trim();
        if (OWNED.containsKey(setting)) {
            throw new IllegalArgumentException(
                    where + ": '" + setting + "' is set by " + OWNED.get(setting) + ", not as a Kafka setting");
        }
        if (!KNOWN.contains(setting)) {
            throw new IllegalArgumentException(where + ": '" + name.trim() + "' is not a setting of Kafka's producer, "
                    + "consumer or admin client (e.g. security.protocol, sasl.mechanism, sasl.jaas.config, "
                    + "ssl.truststore.location)");
        }
        return setting;
    }

    private static Set<String> known() {
        Set<String> names = new HashSet<>(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        return Set.copyOf(names);
    }

    Optional<String> bootstrapServers() {
        return Optional.ofNullable(values.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** Where {@code bootstrap.servers} came from, if these settings have it. */
    Optional<String> bootstrapServersOrigin() {
        return Optional.ofNullable(origins.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    /** Whether a security protocol other than PLAINTEXT is set (a plaintext client gets a hint when it fails). */
    boolean secured() {
        String protocol = values.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return protocol != null && !"PLAINTEXT".equalsIgnoreCase(protocol.trim());
    }

    Properties producer() {
        return only(ProducerConfig.configNames());
    }

    Properties consumer() {
        return only(ConsumerConfig.configNames());
    }

    Properties admin() {
        return only(AdminClientConfig.configNames());
    }

    private Properties only(Set<String> names) {
        Properties p = new Properties();
        values.forEach((name, value) -> {
            if (names.contains(name)) {
                p.put(name, value);
            }
        });
        return p;
    }

    /** Where the settings that {@code message} (a Kafka client's complaint) names came from; empty if none. */
    String originsIn(String message) {
        // The JAAS parser's complaints name no setting.
        String named = message.contains("JAAS") ? message + " " + SaslConfigs.SASL_JAAS_CONFIG : message;
        return origins.entrySet().stream()
                .filter(e -> named.contains(e.getKey()))
                .map(e -> e.getKey() + " from " + e.getValue())
                .sorted()
                .collect(Collectors.joining(", "));
    }
}

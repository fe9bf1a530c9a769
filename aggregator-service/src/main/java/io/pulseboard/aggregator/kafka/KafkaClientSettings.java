package io.pulseboard.aggregator.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.eclipse.microprofile.config.Config;

/**
 * The settings of the aggregator's plain Kafka clients (rule table, rule publisher, admin), taken
 * from where the messaging connector takes its own: every {@code kafka.*} setting (environment
 * variables {@code KAFKA_*} included), as Quarkus gives them in the {@code default-kafka-broker} map,
 * then {@code mp.messaging.connector.smallrye-kafka.*} over them. So bootstrap servers, security
 * protocol, SASL and TLS reach every client. Each client gets the settings its kind knows (no
 * warnings about the others) and sets its own role on top.
 */
@ApplicationScoped
public class KafkaClientSettings {

    static final String CONNECTOR_PREFIX = "mp.messaging.connector.smallrye-kafka.";

    private final Map<String, Object> shared;

    @Inject
    public KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> broker, Config config) {
        this(broker, connectorSettings(config));
    }

    /** From the {@code default-kafka-broker} map and the connector's settings (without their prefix). */
    public KafkaClientSettings(Map<String, Object> broker, Map<String, Object> connector) {
        Map<String, Object> merged = new HashMap<>(broker);
        merged.putAll(connector);
        this.shared = Map.copyOf(merged);
    }

    /** For a consumer that reads by assignment: no group, nothing committed (set them on top if needed). */
    public Properties consumer() {
        Properties p = only(ConsumerConfig.configNames());
        p.remove(ConsumerConfig.GROUP_ID_CONFIG);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return p;
    }

    public Properties producer() {
        return only(ProducerConfig.configNames());
    }

    public Properties admin() {
        return only(AdminClientConfig.configNames());
    }

    private Properties only(Set<String> known) {
        Properties p = new Properties();
        shared.forEach((name, value) -> {
            if (known.contains(name)) {
                p.put(name, value);
            }
        });
        return p;
    }

    private static Map<String, Object> connectorSettings(Config config) {
        Map<String, Object> settings = new HashMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(CONNECTOR_PREFIX)) {
                config.getOptionalValue(name, String.class)
                        .ifPresent(value -> settings.put(name.substring(CONNECTOR_PREFIX.length()), value));
            }
        }
        return settings;
    }
}

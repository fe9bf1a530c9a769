package io.pulseboard.aggregator.consume;

import io.pulseboard.aggregator.kafka.KafkaClientSettings;
import io.pulseboard.aggregator.support.HealthConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * One Kafka admin client for the aggregator's own broker queries (consumer lag, readiness), with
 * short timeouts: a broker that does not answer is reported within seconds, not after a minute.
 */
@ApplicationScoped
public class BrokerAdmin {

    private final Admin admin;
    private final Duration timeout;

    public BrokerAdmin(KafkaClientSettings kafka, HealthConfig health) {
        this.timeout = health.kafkaTimeout();
        Properties props = kafka.admin();
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "pulse-aggregator-admin");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        this.admin = Admin.create(props);
    }

    public Admin admin() {
        return admin;
    }

    /** How long one call may take. */
    public Duration timeout() {
        return timeout;
    }

    @PreDestroy
    void close() {
        admin.close(Duration.ofSeconds(2));
    }
}

package io.pulseboard.aggregator.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plain clients' settings: the broker's and the connector's, each client its kind's. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"pulse\" password=\"secret\";";

    private final KafkaClientSettings settings = new KafkaClientSettings(
            Map.of(
                    "bootstrap.servers",
                    "broker-1:9093",
                    "security.protocol",
                    "SASL_PLAINTEXT",
                    "sasl.mechanism",
                    "PLAIN",
                    "sasl.jaas.config",
                    JAAS,
                    "group.id",
                    "aggregator-service",
                    "acks",
                    "1"),
            Map.of(
                    "ssl.truststore.location",
                    "/etc/pulse/truststore.p12",
                    "security.protocol",
                    "SASL_SSL",
                    "health-enabled",
                    "false"));

    @Test
    void everyClientGetsTheBrokerAddressSecurityAndTlsWithTheConnectorsOverTheBrokers() {
        for (var p : new java.util.Properties[] {settings.consumer(), settings.producer(), settings.admin()}) {
            assertThat(p)
                    .containsEntry("bootstrap.servers", "broker-1:9093")
                    .containsEntry("security.protocol", "SASL_SSL")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", JAAS)
                    .containsEntry("ssl.truststore.location", "/etc/pulse/truststore.p12")
                    .doesNotContainKey("health-enabled");
        }
    }

    @Test
    void eachClientGetsOnlyWhatItsKindKnows() {
        assertThat(settings.producer()).containsEntry("acks", "1").doesNotContainKey("group.id");
        assertThat(settings.admin()).doesNotContainKeys("acks", "group.id");
        // The consumers read by assignment: no group, nothing committed.
        assertThat(settings.consumer())
                .doesNotContainKeys("acks", "group.id")
                .containsEntry("enable.auto.commit", false);
    }

    @Test
    void aClientsOwnSettingsDoNotChangeTheShared() {
        settings.producer().put("bootstrap.servers", "elsewhere:9092");
        assertThat(settings.admin()).containsEntry("bootstrap.servers", "broker-1:9093");
    }
}

package io.pulseboard.gateway.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The feed readers' consumer settings from the kafka.* settings, without a broker. */
class FeedConsumerTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"pulse\" password=\"secret\";";

    @Test
    void takesTheBrokerAddressSecurityAndTlsAndMakesAReaderWithoutAGroup() {
        Properties p = FeedConsumer.settings(Map.of(
                "bootstrap.servers", "broker-1:9093",
                "security.protocol", "SASL_SSL",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/pulse/truststore.p12",
                "group.id", "gateway-service",
                "acks", "all",
                "enable.auto.commit", "true"));

        assertThat(p)
                .containsEntry("bootstrap.servers", "broker-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("sasl.jaas.config", JAAS)
                .containsEntry("ssl.truststore.location", "/etc/pulse/truststore.p12")
                .containsEntry("enable.auto.commit", false)
                .doesNotContainKeys("group.id", "acks");
        assertThat((String) p.get("client.id")).startsWith("pulse-gateway-");
    }
}

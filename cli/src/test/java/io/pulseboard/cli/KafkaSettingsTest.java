package io.pulseboard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka client settings of {@code pulse}: where they come from, which wins, and what is refused. */
class KafkaSettingsTest {

    @TempDir
    Path dir;

    @Test
    void kafkaVariablesAreTheServicesSettingsAndOthersAreLeftOut() {
        KafkaSettings s = KafkaSettings.of(
                Map.of(
                        "KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
                        "KAFKA_SASL_MECHANISM", "PLAIN",
                        "KAFKA_BOOTSTRAP_SERVERS", "broker-1:9093",
                        "KAFKA_HOME", "/opt/kafka",
                        "KAFKA_HEAP_OPTS", "-Xmx1g",
                        "PATH", "/usr/bin"),
                null,
                Map.of());
        assertThat(s.admin())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry("bootstrap.servers", "broker-1:9093")
                .hasSize(3);
        assertThat(s.secured()).isTrue();
        assertThat(s.bootstrapServersOrigin()).contains("KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void aFileGoesOverTheEnvironmentAndAnOptionOverTheFile() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(
                file,
                "# as in a service's application.properties\n"
                        + "kafka.security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nbootstrap.servers=b:1\n");
        KafkaSettings s = KafkaSettings.of(
                Map.of("KAFKA_SECURITY_PROTOCOL", "SSL", "KAFKA_CLIENT_RACK", "eu-1"),
                file,
                Map.of("kafka.sasl.mechanism", "PLAIN"));
        assertThat(s.producer())
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .doesNotContainKey("client.rack"); // a consumer's setting only
        assertThat(s.consumer()).containsEntry("client.rack", "eu-1");
        assertThat(s.bootstrapServersOrigin()).contains("--kafka-config " + file);
        assertThat(s.originsIn("Invalid value X for configuration sasl.mechanism"))
                .isEqualTo("sasl.mechanism from --kafka-property");
        KafkaSettings jaas = KafkaSettings.of(Map.of("KAFKA_SASL_JAAS_CONFIG", "bogus"), null, Map.of());
        assertThat(jaas.originsIn("Login module control flag not specified in JAAS config"))
                .isEqualTo("sasl.jaas.config from KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void anUnknownOrOwnedSettingOrAnUnreadableFileSaysWhichAndWhere() throws IOException {
        assertThatThrownBy(() -> KafkaSettings.of(Map.of(), null, Map.of("secrity.protocol", "SSL")))
                .hasMessageContaining(
                        "--kafka-property secrity.protocol=…: 'secrity.protocol' is not a setting of Kafka's");
        assertThatThrownBy(() -> KafkaSettings.of(Map.of(), null, Map.of("kafka.acks", "1")))
                .hasMessageContaining("'acks' is set by --acks");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "linger.ms=100\n");
        assertThatThrownBy(() -> KafkaSettings.of(Map.of(), file, Map.of()))
                .hasMessageContaining("--kafka-config " + file + ": 'linger.ms' is set by --linger-ms");
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> KafkaSettings.of(Map.of(), missing, Map.of()))
                .hasMessageContaining("--kafka-config " + missing + ": cannot read it");
        // From the environment, the command's own options simply win: the variables serve the services too.
        assertThat(KafkaSettings.of(Map.of("KAFKA_ACKS", "1"), null, Map.of()).secured())
                .isFalse();
    }
}

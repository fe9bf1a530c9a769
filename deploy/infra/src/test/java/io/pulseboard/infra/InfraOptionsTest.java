package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InfraOptionsTest {

    private static final List<String> PROPERTIES = List.of(
            InfraOptions.MODE_PROPERTY,
            InfraOptions.PARTITIONS_PROPERTY,
            InfraOptions.KAFKA_IMAGE_PROPERTY,
            InfraOptions.NON_DURABLE_PROPERTY,
            InfraOptions.KAFKA_SASL_PROPERTY);

    /** What the build passed (-Dpulse.infra=containers, say) must survive for the test classes after this one. */
    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void saveProperties() {
        PROPERTIES.forEach(p -> saved.put(p, System.getProperty(p)));
        PROPERTIES.forEach(System::clearProperty);
    }

    @AfterEach
    void restoreProperties() {
        PROPERTIES.forEach(p -> {
            if (saved.get(p) == null) {
                System.clearProperty(p);
            } else {
                System.setProperty(p, saved.get(p));
            }
        });
    }

    @Test
    void defaults() {
        InfraOptions o = InfraOptions.defaults();
        if (System.getenv("PULSE_INFRA") == null) {
            assertThat(o.mode()).isEqualTo(Mode.AUTO);
        }
        if (System.getenv("PULSE_INFRA_PARTITIONS") == null) {
            assertThat(o.partitions()).isEqualTo(6);
        }
        assertThat(o.dataDir()).isEmpty();
        assertThat(o.kafkaPort()).isZero();
        assertThat(o.postgresPort()).isZero();
        assertThat(o.database()).isEqualTo("pulse");
        assertThat(o.username()).isEqualTo("pulse");
        assertThat(o.password()).isEqualTo("pulse");
        if (System.getenv("PULSE_INFRA_NON_DURABLE") == null) {
            assertThat(o.nonDurable()).as("durable unless asked").isFalse();
        }
    }

    @Test
    void nonDurableIsAskedForByPropertyOrInCode() {
        System.setProperty(InfraOptions.NON_DURABLE_PROPERTY, "TRUE");
        assertThat(InfraOptions.defaults().nonDurable()).isTrue();
        assertThat(InfraOptions.defaults().toString()).contains("nonDurable");
        assertThat(InfraOptions.builder().nonDurable(false).build().nonDurable())
                .as("code overrides the property")
                .isFalse();
        assertThat(InfraOptions.defaults().toBuilder().build().nonDurable()).isTrue();
        System.setProperty(InfraOptions.NON_DURABLE_PROPERTY, "false");
        assertThat(InfraOptions.defaults().nonDurable()).isFalse();
        System.setProperty(InfraOptions.NON_DURABLE_PROPERTY, "yes");
        assertThatThrownBy(InfraOptions::defaults)
                .hasMessageContaining("pulse.infra.non-durable")
                .hasMessageContaining("PULSE_INFRA_NON_DURABLE")
                .hasMessageContaining("true or false")
                .hasMessageContaining("'yes'");
    }

    @Test
    void systemPropertiesSetTheDefaults() {
        System.setProperty(InfraOptions.MODE_PROPERTY, "Containers");
        System.setProperty(InfraOptions.PARTITIONS_PROPERTY, "12");
        System.setProperty(InfraOptions.KAFKA_IMAGE_PROPERTY, "my/kafka:1");
        InfraOptions o = InfraOptions.defaults();
        assertThat(o.mode()).isEqualTo(Mode.CONTAINERS);
        assertThat(o.partitions()).isEqualTo(12);
        assertThat(o.kafkaImage()).isEqualTo("my/kafka:1");
        assertThat(InfraOptions.builder().partitions(2).build().partitions()).isEqualTo(2);
    }

    @Test
    void environmentNames() {
        assertThat(InfraOptions.envName("pulse.infra")).isEqualTo("PULSE_INFRA");
        assertThat(InfraOptions.envName("pulse.infra.partitions")).isEqualTo("PULSE_INFRA_PARTITIONS");
        assertThat(InfraOptions.envName("pulse.infra.kafka-image")).isEqualTo("PULSE_INFRA_KAFKA_IMAGE");
    }

    @Test
    void badValuesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> Mode.parse("docker")).hasMessageContaining("local, containers or auto");
        System.setProperty(InfraOptions.PARTITIONS_PROPERTY, "many");
        assertThatThrownBy(InfraOptions::defaults).hasMessageContaining("PULSE_INFRA_PARTITIONS");
        System.clearProperty(InfraOptions.PARTITIONS_PROPERTY);
        assertThatThrownBy(() -> InfraOptions.builder().partitions(0).build()).hasMessageContaining("partitions");
        assertThatThrownBy(() -> InfraOptions.builder().kafkaPort(70000).build())
                .hasMessageContaining("Kafka port");
        assertThatThrownBy(() -> InfraOptions.builder().database("drop table").build())
                .hasMessageContaining("database");
        assertThatThrownBy(() -> InfraOptions.builder().fresh(true).build()).hasMessageContaining("data directory");
    }

    @Test
    void autoPicksLocalWithoutDockerAndForLocalOnlyOptions() {
        InfraOptions auto = InfraOptions.builder().mode(Mode.AUTO).build();
        Mode expected = ContainerInfra.dockerAvailable() ? Mode.CONTAINERS : Mode.LOCAL;
        assertThat(PulseInfra.resolveMode(auto)).isEqualTo(expected);
        assertThat(PulseInfra.resolveMode(auto.toBuilder().dataDir(Path.of("x")).build()))
                .isEqualTo(Mode.LOCAL);
        assertThat(PulseInfra.resolveMode(auto.toBuilder().kafkaPort(9092).build()))
                .isEqualTo(Mode.LOCAL);
        assertThat(PulseInfra.resolveMode(auto.toBuilder().mode(Mode.LOCAL).build()))
                .isEqualTo(Mode.LOCAL);
        assertThatThrownBy(() -> PulseInfra.resolveMode(auto.toBuilder()
                        .mode(Mode.CONTAINERS)
                        .postgresPort(5432)
                        .build()))
                .hasMessageContaining("only supported in local mode");
    }

    @Test
    void aSaslBrokerIsAskedForByPropertyOrInCodeAndGivesItsClientSettings() {
        if (System.getenv("PULSE_INFRA_KAFKA_SASL") == null) {
            assertThat(InfraOptions.defaults().kafkaSasl()).isEmpty();
            assertThat(LocalKafka.clientConfig(InfraOptions.defaults())).isEmpty();
        }
        System.setProperty(InfraOptions.KAFKA_SASL_PROPERTY, "pulse:s3cret:with-colon");
        InfraOptions o = InfraOptions.defaults();
        assertThat(o.kafkaSasl()).contains(new InfraOptions.SaslUser("pulse", "s3cret:with-colon"));
        assertThat(o.toString()).contains("kafkaSasl=pulse:***").doesNotContain("s3cret");
        assertThat(LocalKafka.clientConfig(o))
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "PLAIN")
                .containsEntry(
                        "sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required"
                                + " username=\"pulse\" password=\"s3cret:with-colon\";");
        assertThat(PulseInfra.resolveMode(o.toBuilder().mode(Mode.AUTO).build()))
                .isEqualTo(Mode.LOCAL);

        System.setProperty(InfraOptions.KAFKA_SASL_PROPERTY, "no-password");
        assertThatThrownBy(InfraOptions::defaults)
                .hasMessageContaining("pulse.infra.kafka-sasl")
                .hasMessageContaining("PULSE_INFRA_KAFKA_SASL")
                .hasMessageContaining("user:password");
        assertThatThrownBy(() -> new InfraOptions.SaslUser("pulse", "a\"b")).hasMessageContaining("password");
    }
}

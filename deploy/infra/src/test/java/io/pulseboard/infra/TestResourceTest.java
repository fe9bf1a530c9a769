package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.pulseboard.model.Topics;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

/** The Quarkus test resource and the shared instance behind it (default options: auto mode, 6 partitions). */
class TestResourceTest {

    @Test
    void returnsTheConfigurationOfTheSharedInstance() throws Exception {
        PulseInfraTestResource resource = new PulseInfraTestResource();
        Map<String, String> config = resource.start();
        assertThat(config)
                .containsOnlyKeys(
                        "kafka.bootstrap.servers",
                        "quarkus.datasource.reactive.url",
                        "quarkus.datasource.jdbc.url",
                        "quarkus.datasource.username",
                        "quarkus.datasource.password",
                        "quarkus.devservices.enabled",
                        "quarkus.kafka.devservices.enabled",
                        "quarkus.datasource.devservices.enabled");
        assertThat(config.get("quarkus.datasource.reactive.url")).matches("postgresql://[^/]+:\\d+/pulse");
        assertThat(config.get("quarkus.devservices.enabled")).isEqualTo("false");

        // The values lead to a working Kafka with the topics and a working PostgreSQL.
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.get("kafka.bootstrap.servers"));
        try (Admin a = Admin.create(admin)) {
            TopicDescription events = a.describeTopics(java.util.List.of(Topics.EVENTS))
                    .allTopicNames()
                    .get()
                    .get(Topics.EVENTS);
            int expected = InfraOptions.defaults().partitions();
            assertThat(events.partitions()).hasSize(expected);
        }
        try (Connection c = DriverManager.getConnection(
                        config.get("quarkus.datasource.jdbc.url"),
                        config.get("quarkus.datasource.username"),
                        config.get("quarkus.datasource.password"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 42")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isEqualTo(42);
            // Fast when the build asks for it (it does for every test run), durable otherwise.
            String expected = InfraOptions.defaults().nonDurable() ? "off" : "on";
            for (String setting : PostgresDurability.SETTINGS) {
                try (ResultSet value = s.executeQuery("SHOW " + setting)) {
                    assertThat(value.next()).isTrue();
                    assertThat(value.getString(1)).as(setting).isEqualTo(expected);
                }
            }
        }

        // stop() and close() leave the shared instance running for the next test class.
        resource.stop();
        PulseInfra shared = PulseInfra.shared();
        shared.close();
        assertThat(PulseInfra.shared()).isSameAs(shared);
        assertThat(new PulseInfraTestResource().start()).isEqualTo(config);
        assertThat(shared.processIds().values()).allMatch(Clients::alive);
    }
}

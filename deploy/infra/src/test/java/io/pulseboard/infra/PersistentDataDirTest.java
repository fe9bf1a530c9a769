package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pulseboard.model.Topics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local run's case: a persistent data directory and fixed ports. */
class PersistentDataDirTest {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestartOnFixedPortsAndFreshStartsEmpty() throws Exception {
        int kafkaPort = Ports.freePort();
        int postgresPort = Ports.freePort();
        InfraOptions options = InfraOptions.builder()
                .mode(Mode.LOCAL)
                .partitions(1)
                .dataDir(dir)
                .kafkaPort(kafkaPort)
                .postgresPort(postgresPort)
                .build();
        String value = "persisted-" + UUID.randomUUID();
        try (PulseInfra infra = PulseInfra.start(options)) {
            assertThat(infra.kafkaBootstrapServers()).isEqualTo("127.0.0.1:" + kafkaPort);
            assertThat(infra.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgresPort + "/pulse");
            Clients.send(infra, Topics.RULES, "rule-1", value);
            try (Connection c = Clients.jdbc(infra);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('" + value + "')");
            }
        }
        assertThat(dir).isDirectory();
        assertThat(dir.resolve("kafka/logs/meta.properties")).exists();
        assertThat(dir.resolve("postgres/data/PG_VERSION")).exists();

        try (PulseInfra infra = PulseInfra.start(options)) {
            assertThat(Clients.find(infra, Topics.RULES, value, Map.of()))
                    .as("the record survived")
                    .isPresent();
            try (Connection c = Clients.jdbc(infra);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(value);
            }
        }

        try (PulseInfra infra = PulseInfra.start(options.toBuilder().fresh(true).build())) {
            try (Connection c = Clients.jdbc(infra);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'kept'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("fresh: the table is gone").isZero();
            }
        }
        assertThat(dir).as("a persistent data directory is kept").isDirectory();
    }

    @Test
    void aTakenFixedPortFailsClearlyAndStartsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
            int port = taken.getLocalPort();
            long before = ProcessHandle.current().descendants().count();

            assertThatThrownBy(() -> PulseInfra.start(InfraOptions.builder()
                            .mode(Mode.LOCAL)
                            .dataDir(dir)
                            .kafkaPort(port)
                            .build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("Kafka port " + port + " is already in use");
            assertThatThrownBy(() -> PulseInfra.start(InfraOptions.builder()
                            .mode(Mode.LOCAL)
                            .dataDir(dir)
                            .postgresPort(port)
                            .build()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("PostgreSQL port " + port + " is already in use");

            assertThat(ProcessHandle.current().descendants().count()).isEqualTo(before);
            assertThat(Files.list(dir).count())
                    .as("nothing written before the check")
                    .isZero();
        }
    }
}

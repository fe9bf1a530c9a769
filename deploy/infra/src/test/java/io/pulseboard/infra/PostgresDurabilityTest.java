package io.pulseboard.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Durable unless asked otherwise: the settings in effect on the local PostgreSQL either way, a commit
 * that survives a SIGKILL of the postmaster and a restart on the same data directory and port, and the
 * containers' command line.
 */
class PostgresDurabilityTest {

    private static final Map<String, String> ON =
            Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on");
    private static final Map<String, String> OFF =
            Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

    @Test
    void durableLocalPostgresKeepsACommitAcrossAKillAndARestart() throws Exception {
        try (PulseInfra infra = PulseInfra.start(InfraOptions.builder()
                .mode(Mode.LOCAL)
                .partitions(1)
                .nonDurable(false)
                .build())) {
            assertThat(settings(infra)).isEqualTo(ON);
            String value = "kept-" + UUID.randomUUID();
            try (Connection c = Clients.jdbc(infra);
                    Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('" + value + "')");
            }
            long postmaster = infra.processIds().get(LocalPostgres.PROCESS_NAME);
            List<Long> children = ProcessHandle.of(postmaster)
                    .orElseThrow()
                    .children()
                    .map(ProcessHandle::pid)
                    .toList();
            int port = infra.postgresPort();

            assertThat(ProcessHandle.of(postmaster).orElseThrow().destroyForcibly())
                    .isTrue();
            Clients.assertGone(postmaster, Duration.ofSeconds(30));
            for (long child : children) {
                Clients.assertGone(child, Duration.ofSeconds(30));
            }
            infra.restartPostgres();

            assertThat(infra.processIds().get(LocalPostgres.PROCESS_NAME)).isNotEqualTo(postmaster);
            assertThat(infra.postgresPort()).isEqualTo(port);
            assertThat(settings(infra)).isEqualTo(ON);
            try (Connection c = Clients.jdbc(infra);
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(value);
            }
        }
    }

    @Test
    void nonDurableTurnsTheThreeSettingsOff() throws Exception {
        try (PulseInfra infra = PulseInfra.start(InfraOptions.builder()
                .mode(Mode.LOCAL)
                .partitions(1)
                .nonDurable(true)
                .build())) {
            assertThat(settings(infra)).isEqualTo(OFF);
        }
    }

    @Test
    void containersStateTheSettingsOnTheCommandLine() {
        InfraOptions durable = InfraOptions.builder().nonDurable(false).build();
        assertThat(ContainerInfra.postgresCommand(durable))
                .containsExactly(
                        "postgres", "-c", "fsync=on", "-c", "synchronous_commit=on", "-c", "full_page_writes=on");
        assertThat(ContainerInfra.postgresCommand(
                        durable.toBuilder().nonDurable(true).build()))
                .containsExactly(
                        "postgres", "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
    }

    private static Map<String, String> settings(PulseInfra infra) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = Clients.jdbc(infra);
                Statement s = c.createStatement()) {
            for (String name : PostgresDurability.SETTINGS) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    assertThat(rs.next()).isTrue();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }
}

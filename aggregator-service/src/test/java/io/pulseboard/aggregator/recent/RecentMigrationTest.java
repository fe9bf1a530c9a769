package io.pulseboard.aggregator.recent;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database that kept recent events a row per event (V4) to batches (V5) keeps every
 * stored event, readable as the new code reads batches, in the order they were read.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class RecentMigrationTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @ConfigProperty(name = "quarkus.datasource.username")
    String user;

    @ConfigProperty(name = "quarkus.datasource.password")
    String password;

    @Test
    void rowsPerEventBecomeBatchesOfOne() throws Exception {
        String schema = "upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        Flyway.configure()
                .dataSource(url, user, password)
                .schemas(schema)
                .target("4")
                .load()
                .migrate();
        Instant received = Instant.parse("2026-12-03T10:00:00.123Z");
        try (Connection db = DriverManager.getConnection(url, user, password);
                Statement sql = db.createStatement()) {
            sql.execute("set search_path to " + schema);
            sql.executeUpdate("insert into pulse_recent_event (ref, stream, received, part, off, error, event) values"
                    + " ('2:7', 'a', '" + received + "', 2, 7, false, '{\"stream\":\"a\",\"id\":\"e7\"}'),"
                    + " ('2:9', 'a', '" + received.plusMillis(1)
                    + "', 2, 9, true, '{\"stream\":\"a\",\"id\":\"e9\",\"status\":\"error\"}'),"
                    + " ('0:3', 'b', '" + received + "', 0, 3, false, '{\"stream\":\"b\",\"id\":\"x\"}')");
        }
        Flyway.configure()
                .dataSource(url, user, password)
                .schemas(schema)
                .load()
                .migrate();

        List<StoredEvent> read = new ArrayList<>();
        try (Connection db = DriverManager.getConnection(url, user, password);
                Statement sql = db.createStatement()) {
            sql.execute("set search_path to " + schema);
            try (ResultSet rows = sql.executeQuery(
                    "select ref, stream, events, ok_events, error_events from pulse_recent_batch order by seq")) {
                while (rows.next()) {
                    assertThat(rows.getInt("events")).isEqualTo(1);
                    read.addAll(RecentBatch.decode(
                            rows.getString("ref"),
                            rows.getString("stream"),
                            rows.getString("ok_events"),
                            rows.getString("error_events")));
                }
            }
            try (ResultSet gone = sql.executeQuery("select to_regclass('" + schema + ".pulse_recent_event') is null")) {
                gone.next();
                assertThat(gone.getBoolean(1))
                        .as("the table of rows per event is gone")
                        .isTrue();
            }
            sql.execute("drop schema " + schema + " cascade");
        }
        assertThat(read)
                .containsExactly(
                        new StoredEvent("a", 2, 7, received, false, "{\"stream\":\"a\",\"id\":\"e7\"}"),
                        new StoredEvent(
                                "a",
                                2,
                                9,
                                received.plusMillis(1),
                                true,
                                "{\"stream\":\"a\",\"id\":\"e9\",\"status\":\"error\"}"),
                        new StoredEvent("b", 0, 3, received, false, "{\"stream\":\"b\",\"id\":\"x\"}"));
    }
}

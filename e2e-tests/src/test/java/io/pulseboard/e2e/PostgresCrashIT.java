package io.pulseboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.pulseboard.infra.InfraOptions;
import io.pulseboard.infra.Mode;
import io.pulseboard.infra.PulseInfra;
import io.pulseboard.infra.ServiceProcess;
import io.restassured.http.ContentType;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Rules the API confirmed (201) survive crashes of PostgreSQL: while the aggregator counts events, a
 * rule is created and at once the postmaster is killed with SIGKILL (no shutdown, no checkpoint); its
 * children exit by themselves, PostgreSQL starts again on the same data directory and port (replaying
 * its WAL), three times; then every rule is in the database and the aggregator serves it again. The
 * infrastructure is durable, as the launcher runs it, though the build asks the other tests for the
 * fast settings; local mode, because the test kills the server process.
 *
 * <p>A kill of the process leaves the kernel's page cache, so it loses only what PostgreSQL had not
 * yet written out: with {@code synchronous_commit=off}, a commit confirmed less than a
 * {@code wal_writer_delay} (200 ms) before, once the WAL writer is awake (the counting keeps it so).
 * What {@code fsync} and {@code full_page_writes} guard against, a crash of the machine, no test here
 * can cause, so the test also checks the settings in effect.
 */
class PostgresCrashIT {

    private static final String PREFIX = "pgcrash";
    private static final int CRASHES = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static PulseInfra infra;

    @BeforeAll
    static void startInfra() {
        infra = PulseInfra.start(
                InfraOptions.builder().mode(Mode.LOCAL).nonDurable(false).build());
    }

    @AfterAll
    static void stopInfra() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void confirmedRulesSurviveKillsOfThePostmaster() throws Exception {
        assertThat(durabilitySettings())
                .as("the settings in effect")
                .isEqualTo(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on"));

        Map<String, String> confirmed = new LinkedHashMap<>();
        try (ServiceProcess aggregator =
                Stack.start("aggregator-service", infra, Map.of()).awaitReady(Stack.START_TIMEOUT)) {
            String rules = aggregator.uri("/api/rules").toString();
            // Far more events than the test needs at 100/s: stopped at the end.
            PacedProducer producer = new PacedProducer(infra, PREFIX, 2, 100_000, 100).start();
            try {
                for (int crash = 0; crash < CRASHES; crash++) {
                    // The aggregator stores its counts again: the database is busy, as while events flow.
                    long stored = StoredCounts.total(infra, PREFIX);
                    await().atMost(WAIT).ignoreExceptions().until(() -> StoredCounts.total(infra, PREFIX) > stored);

                    String name = "survives crash " + crash;
                    String id = given().contentType(ContentType.JSON)
                            .body("""
                            {"name": "%s", "stream": "%s.*", "expr": "count > 100", "window": "1m", "severity": "warning"}""".formatted(name, PREFIX))
                            .post(rules)
                            .then()
                            .statusCode(201)
                            .extract()
                            .path("id");
                    confirmed.put(id, name);
                    killPostmaster();
                    infra.restartPostgres();
                }
            } finally {
                producer.stop();
            }

            Map<String, String> stored = new LinkedHashMap<>();
            for (String id : confirmed.keySet()) {
                storedName(id).ifPresent(name -> stored.put(id, name));
            }
            assertThat(stored).as("the confirmed rules in pulse_rule").isEqualTo(confirmed);
            // The aggregator's connections died with the server: it serves the rules again once it reconnects.
            confirmed.forEach((id, name) -> await().atMost(WAIT)
                    .ignoreExceptions()
                    .untilAsserted(() ->
                            given().get(rules + "/" + id).then().statusCode(200).body("name", equalTo(name))));
        }
    }

    /** SIGKILL to the postmaster alone; returns once it and every process it had started are gone. */
    private static void killPostmaster() {
        ProcessHandle postmaster =
                ProcessHandle.of(infra.processIds().get("postgres")).orElseThrow();
        List<ProcessHandle> children = postmaster.children().toList();
        assertThat(children)
                .as("the server's processes (checkpointer, WAL writer, connections, ...)")
                .isNotEmpty();
        assertThat(postmaster.destroyForcibly()).as("SIGKILL sent").isTrue();
        await().atMost(WAIT)
                .until(() -> !postmaster.isAlive() && children.stream().noneMatch(ProcessHandle::isAlive));
    }

    private static Map<String, String> durabilitySettings() throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit", "full_page_writes")) {
                try (ResultSet rs = s.executeQuery("SHOW " + name)) {
                    assertThat(rs.next()).isTrue();
                    settings.put(name, rs.getString(1));
                }
            }
        }
        return settings;
    }

    private static Optional<String> storedName(String id) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT name FROM pulse_rule WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
    }
}

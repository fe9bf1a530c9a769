package io.pulseboard.e2e;

import io.pulseboard.infra.PulseInfra;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** The aggregator's stored counts per (stream, hour), as {@code stream@hour}, read straight from PostgreSQL. */
final class StoredCounts {

    private StoredCounts() {}

    /** Hourly counts of the streams named {@code prefix.*}, by {@code stream@hour}; empty before the schema exists. */
    static Map<String, Long> read(PulseInfra infra, String prefix) throws SQLException {
        return read(infra, prefix, "select stream, hour, count from pulse_hour where stream like ?");
    }

    /** Minute counts of the streams named {@code prefix.*}, by {@code stream@minute}. */
    static Map<String, Long> readMinutes(PulseInfra infra, String prefix) throws SQLException {
        return read(infra, prefix, "select stream, minute, count from pulse_minute where stream like ?");
    }

    private static Map<String, Long> read(PulseInfra infra, String prefix, String query) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl(), infra.username(), infra.password());
                PreparedStatement s = c.prepareStatement(query)) {
            s.setString(1, prefix + ".%");
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.put(
                            rs.getString(1) + "@"
                                    + rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            if (e.getMessage() != null && e.getMessage().contains("does not exist")) {
                return out; // not migrated yet
            }
            throw e;
        }
        return out;
    }

    static long total(PulseInfra infra, String prefix) throws SQLException {
        return read(infra, prefix).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Waits until the stored counts equal {@code expected}; returns the last ones read either way. */
    static Map<String, Long> awaitEqual(PulseInfra infra, String prefix, Map<String, Long> expected, Duration timeout)
            throws SQLException {
        try {
            return Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> read(infra, prefix), expected::equals);
        } catch (ConditionTimeoutException e) {
            return read(infra, prefix); // no failure here: the caller's assertion shows how they differ
        }
    }

    /** Waits until at least {@code events} events of the streams named {@code prefix.*} are stored; fails after {@code timeout}. */
    static void awaitTotal(PulseInfra infra, String prefix, long events, Duration timeout) {
        Awaitility.await(events + " events of " + prefix + ".* stored")
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> total(infra, prefix), stored -> stored >= events);
    }
}

package io.pulseboard.aggregator.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.infra.testkit.PulseInfraTestResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The retention job against the real PostgreSQL: hour rows, and alerts that are over with their
 * history, deleted in batches (5 rows in the test profile) once older than their retention, while
 * newer rows and live alerts stay however old.
 */
@QuarkusTest
@WithTestResource(PulseInfraTestResource.class)
class RetentionTest {

    /** No partition of pulse.events: no instance restores these alerts as live state. */
    private static final int NO_PARTITION = 9_999;

    @Inject
    RetentionJob retention;

    @Inject
    RetentionConfig config;

    private final String id = UUID.randomUUID().toString().substring(0, 8);

    /** Other tests share the database: leave none of these rows to them. */
    @AfterEach
    void removeWhatThisTestWrote() {
        execute("delete from pulse_hour where stream = ?1", "old-hours-" + id);
        execute("delete from pulse_alert_history where alert_id like ?1", "retention-" + id + "-%");
        execute("delete from pulse_alert where id like ?1", "retention-" + id + "-%");
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(config.hours()).isEqualTo(Duration.ofDays(400));
        assertThat(config.alertHistory()).isEqualTo(Duration.ofDays(90));
    }

    @Test
    void deletesHoursOlderThanTheirRetentionInBatches() {
        String stream = "old-hours-" + id;
        Instant cut = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(config.hours());
        for (int k = 1; k <= 12; k++) {
            insertHour(stream, cut.minus(Duration.ofHours(k)));
        }
        insertHour(stream, cut);
        insertHour(stream, cut.plus(Duration.ofDays(1)));

        retention.prune("hours", cut);

        assertThat(strings("select cast(hour as text) from pulse_hour where stream = ?1 order by hour", stream))
                .hasSize(2);
        assertThat(count("select count(*) from pulse_hour where stream = ?1 and hour < ?2", stream, cut))
                .isZero();
    }

    @Test
    void deletesAlertsThatAreOverWithTheirHistoryAndKeepsLiveOnes() {
        Instant now = Instant.now();
        Instant old = now.minus(config.alertHistory()).minus(Duration.ofDays(1));
        List<String> gone = new ArrayList<>();
        for (int k = 0; k < 7; k++) {
            gone.add(insertAlert("resolved", old.minus(Duration.ofHours(k)), 3));
        }
        gone.add(insertAlert("inactive", old, 1));
        List<String> kept = List.of(
                insertAlert("firing", old.minus(Duration.ofDays(200)), 2),
                insertAlert("pending", old, 1),
                insertAlert("resolved", now.minus(config.alertHistory()).plus(Duration.ofDays(1)), 3));

        retention.prune("alerts", now.minus(config.alertHistory()));

        List<String> ids = new ArrayList<>(gone);
        ids.addAll(kept);
        assertThat(strings("select id from pulse_alert where id in (?1) order by id", ids))
                .containsExactlyInAnyOrderElementsOf(kept);
        assertThat(count("select count(*) from pulse_alert_history where alert_id in (?1)", gone))
                .isZero();
        assertThat(count("select count(*) from pulse_alert_history where alert_id in (?1)", kept))
                .isEqualTo(6);
    }

    /** An empty, final hour: a valid aggregate, so any reader of pulse_hour can decode it. */
    private void insertHour(String stream, Instant hour) {
        byte[] aggregate = new HourAggregate(new HourKey(stream, hour)).serialize();
        execute(
                "insert into pulse_hour (stream, hour, count, errors, error_rate, late_events, revision, \"final\","
                        + " aggregate, updated_at) values (?1, ?2, 0, 0, 0, 0, 1, true, ?3, ?2)",
                stream,
                hour,
                aggregate);
    }

    /** An alert last changed at {@code at}, with {@code history} history rows; its id. */
    private String insertAlert(String state, Instant at, int history) {
        String alertId = "retention-" + id + "-" + UUID.randomUUID().toString().substring(0, 8);
        execute(
                "insert into pulse_alert (id, rule_id, rule_name, stream, kafka_partition, severity, state, expr,"
                        + " threshold, pending_at, labels, revision, updated_at)"
                        + " values (?1, 'r', 'rule', 'retention', ?2, 'warning', ?3, 'count > 1', 1, ?4, '{}', ?5, ?4)",
                alertId,
                NO_PARTITION,
                state,
                at,
                (long) history);
        for (int r = 1; r <= history; r++) {
            execute(
                    "insert into pulse_alert_history (alert_id, revision, event, at) values (?1, ?2, ?3, ?4)",
                    alertId,
                    (long) r,
                    state,
                    at);
        }
        return alertId;
    }

    private static void execute(String sql, Object... parameters) {
        VertxContexts.await(() ->
                Panache.withTransaction(() -> Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.executeUpdate();
                })));
    }

    private static List<String> strings(String sql, Object... parameters) {
        return VertxContexts.await(() ->
                Panache.withSession(() -> Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql, String.class);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.getResultList();
                })));
    }

    private static long count(String sql, Object... parameters) {
        return VertxContexts.await(() ->
                Panache.withSession(() -> Panache.getSession().chain(session -> {
                    var query = session.createNativeQuery(sql, Long.class);
                    for (int i = 0; i < parameters.length; i++) {
                        query.setParameter(i + 1, parameters[i]);
                    }
                    return query.getSingleResult();
                })));
    }
}

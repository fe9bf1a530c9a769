package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.store.Prunable;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * The alerts that are over (resolved, or back to inactive) with their history rows, as a table the
 * retention job prunes. A pending or firing alert is live state that a partition's owner restores,
 * so it is kept however old.
 */
@ApplicationScoped
public class AlertHistoryStore implements Prunable {

    private final RetentionConfig retention;

    public AlertHistoryStore(RetentionConfig retention) {
        this.retention = retention;
    }

    @Override
    public String rows() {
        return "alerts";
    }

    @Override
    public Duration keep() {
        return retention.alertHistory();
    }

    /**
     * Deletes at most {@code limit} of the alerts that are over and last changed before {@code before},
     * oldest first, and their history rows, in one statement; how many alerts. An alert the recorder
     * is changing (row locked) is skipped, and looked at again by the next run.
     */
    @Override
    public Uni<Integer> prune(Instant before, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "with old as (select id from pulse_alert where updated_at < ?1 and state not in ('pending', 'firing')"
                                        + " order by updated_at limit ?2 for update skip locked),"
                                        + " history as (delete from pulse_alert_history where alert_id in (select id from old))"
                                        + " delete from pulse_alert where id in (select id from old)")
                        .setParameter(1, before)
                        .setParameter(2, limit)
                        .executeUpdate());
    }
}

package io.pulseboard.aggregator.silences;

import io.pulseboard.aggregator.store.Prunable;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** Silences that are over are kept as history as long as alerts are ({@code pulse.retention.alert-history}). */
@ApplicationScoped
public class SilenceStore implements Prunable {

    private final RetentionConfig retention;

    public SilenceStore(RetentionConfig retention) {
        this.retention = retention;
    }

    @Override
    public String rows() {
        return "silences";
    }

    @Override
    public Duration keep() {
        return retention.alertHistory();
    }

    /** Deletes at most {@code limit} silences over (ended early, or past their end) before {@code before}. */
    @Override
    public Uni<Integer> prune(Instant before, int limit) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(
                                "delete from pulse_silence where id in (select id from pulse_silence"
                                        + " where least(ended_at, ends_at) < ?1 order by least(ended_at, ends_at)"
                                        + " limit ?2 for update skip locked)")
                        .setParameter(1, before)
                        .setParameter(2, limit)
                        .executeUpdate());
    }
}

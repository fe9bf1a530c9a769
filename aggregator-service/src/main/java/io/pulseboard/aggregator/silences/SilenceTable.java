package io.pulseboard.aggregator.silences;

import io.pulseboard.aggregator.support.Refreshed;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.model.Alert;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The silences that are not over (pending and active), in memory on every instance, for the
 * notification decision on the instance that owns an alert's stream. Read again from PostgreSQL
 * every {@code pulse.silences.refresh-interval}; a change made through this instance is applied at
 * once. So a silence made or ended through another instance takes effect here within one refresh
 * interval (2 s by default). If PostgreSQL cannot be read, the last silences read stay in force.
 */
@ApplicationScoped
public class SilenceTable {

    private final Clock clock;
    private final Refreshed<Map<String, Silence>> live;

    public SilenceTable(SilencesConfig config, Clock clock) {
        this.clock = clock;
        this.live = new Refreshed<>("silences", config.refreshInterval(), Map.of(), last -> read());
    }

    void start(@Observes StartupEvent event) {
        live.start();
    }

    void stop(@Observes ShutdownEvent event) {
        live.stop();
    }

    /** The ids of the silences active now that match the alert, oldest first; empty if none. */
    public List<String> silencing(Alert alert) {
        Instant now = clock.instant();
        return live.get().values().stream()
                .filter(s -> s.silences(alert, now))
                .map(Silence::id)
                .toList();
    }

    /** Applies a silence created or ended through this instance, before the next read. */
    void apply(Silence silence) {
        live.update(last -> {
            Map<String, Silence> next = new LinkedHashMap<>(last);
            if (silence.stateAt(clock.instant()) == SilenceState.EXPIRED) {
                next.remove(silence.id());
            } else {
                next.put(silence.id(), silence);
            }
            return Collections.unmodifiableMap(next);
        });
    }

    /** The silences that are not over, oldest first. */
    private Map<String, Silence> read() {
        Instant now = clock.instant();
        List<SilenceEntity> rows = VertxContexts.await(() -> Panache.withSession(() ->
                SilenceEntity.<SilenceEntity>list("endedAt is null and endsAt > ?1 order by createdAt, id", now)));
        Map<String, Silence> next = new LinkedHashMap<>();
        for (SilenceEntity row : rows) {
            next.put(row.id, row.toSilence(now));
        }
        return Collections.unmodifiableMap(next);
    }
}

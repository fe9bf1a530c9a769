package io.pulseboard.aggregator.silences;

import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.model.Alert;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The silences that are not over (pending and active), in memory on every instance, for the
 * notification decision on the instance that owns an alert's stream. Read again from PostgreSQL
 * every {@code pulse.silences.refresh-interval}; a change made through this instance is applied at
 * once. So a silence made or ended through another instance takes effect here within one refresh
 * interval (2 s by default). If PostgreSQL cannot be read, the last silences read stay in force.
 */
@ApplicationScoped
public class SilenceTable {

    private static final Logger LOG = Logger.getLogger(SilenceTable.class);

    private final SilencesConfig config;
    private final Clock clock;
    private final ScheduledExecutorService timer = DaemonThreads.timer("pulse-silences");
    private volatile Map<String, Silence> live = Map.of();

    public SilenceTable(SilencesConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(1, config.refreshInterval().toMillis());
        timer.scheduleWithFixedDelay(this::refresh, 0, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** The ids of the silences active now that match the alert, oldest first; empty if none. */
    public List<String> silencing(Alert alert) {
        Instant now = clock.instant();
        return live.values().stream()
                .filter(s -> s.silences(alert, now))
                .map(Silence::id)
                .toList();
    }

    /** Applies a silence created or ended through this instance, before the next read. */
    void apply(Silence silence) {
        Map<String, Silence> next = new LinkedHashMap<>(live);
        if (silence.stateAt(clock.instant()) == SilenceState.EXPIRED) {
            next.remove(silence.id());
        } else {
            next.put(silence.id(), silence);
        }
        live = Map.copyOf(next);
    }

    /** Reads the silences that are not over; keeps the last ones read if that fails. */
    void refresh() {
        try {
            Instant now = clock.instant();
            List<SilenceEntity> rows = VertxContexts.await(() -> Panache.withSession(() ->
                    SilenceEntity.<SilenceEntity>list("endedAt is null and endsAt > ?1 order by createdAt, id", now)));
            Map<String, Silence> next = new LinkedHashMap<>();
            for (SilenceEntity row : rows) {
                next.put(row.id, row.toSilence(now));
            }
            live = next;
        } catch (RuntimeException e) {
            LOG.warnf(
                    "could not read the silences, keeping the %d read before (retrying in %s): %s",
                    live.size(), config.refreshInterval(), e.toString());
        }
    }
}

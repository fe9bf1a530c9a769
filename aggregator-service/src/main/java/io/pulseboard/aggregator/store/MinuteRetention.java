package io.pulseboard.aggregator.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.api.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes minute rows older than {@code pulse.retention.minutes}, every {@code
 * pulse.retention.interval}, in batches of {@code pulse.retention.batch-size} rows, each in a short
 * transaction of its own, so pruning never holds locks that checkpoints wait for.
 */
@ApplicationScoped
public class MinuteRetention {

    private static final Logger LOG = Logger.getLogger(MinuteRetention.class);

    private final MinuteStore minutes;
    private final RetentionConfig config;
    private final Counter pruned;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pulse-retention");
        t.setDaemon(true);
        return t;
    });

    public MinuteRetention(MinuteStore minutes, RetentionConfig config, MeterRegistry registry) {
        this.minutes = minutes;
        this.config = config;
        this.pruned = Counter.builder("pulse.aggregator.minutes.pruned")
                .description("Minute rows deleted by the retention job").register(registry);
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(1, config.interval().toMillis());
        timer.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    private void run() {
        try {
            prune(clock.instant().minus(config.minutes()));
        } catch (RuntimeException e) {
            LOG.warnf("pruning minute rows failed, will retry in %s: %s", config.interval(), e.toString());
        }
    }

    /** Deletes every minute row that starts before {@code before}, batch by batch; how many. */
    public long prune(Instant before) {
        long total = 0;
        int deleted;
        do {
            deleted = VertxContexts.await(() -> Panache.withTransaction(() -> minutes.prune(before, config.batchSize())));
            total += deleted;
            pruned.increment(deleted);
        } while (deleted >= config.batchSize() && !timer.isShutdown());
        if (total > 0) {
            LOG.debugf("deleted %d minute rows older than %s", total, before);
        }
        return total;
    }
}

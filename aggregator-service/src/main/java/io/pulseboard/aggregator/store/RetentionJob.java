package io.pulseboard.aggregator.store;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.support.VertxContexts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Deletes the rows of every {@link Prunable} table once older than its retention, every {@code
 * pulse.retention.interval}, in batches of {@code pulse.retention.batch-size} rows, each in a short
 * transaction of its own, so pruning never holds locks that checkpoints wait for.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final List<Prunable> tables;
    private final RetentionConfig config;
    private final MeterRegistry registry;
    private final Clock clock;
    private final ScheduledExecutorService timer = DaemonThreads.timer("pulse-retention");

    public RetentionJob(Instance<Prunable> tables, RetentionConfig config, MeterRegistry registry, Clock clock) {
        this.clock = clock;
        this.tables = tables.stream().toList();
        this.config = config;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(1, config.interval().toMillis());
        timer.scheduleWithFixedDelay(this::run, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    private void run() {
        Instant now = clock.instant();
        for (Prunable table : tables) {
            try {
                prune(table, now.minus(table.keep()));
            } catch (RuntimeException e) {
                LOG.warnf("pruning %s failed, will retry in %s: %s", table.rows(), config.interval(), e.toString());
            }
        }
    }

    /** Deletes every row of the table named {@code rows} older than {@code before}, batch by batch; how many. */
    public long prune(String rows, Instant before) {
        return prune(
                tables.stream()
                        .filter(t -> t.rows().equals(rows))
                        .findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no table of " + rows)),
                before);
    }

    private long prune(Prunable table, Instant before) {
        Counter pruned = Counter.builder("pulse.aggregator.rows.pruned")
                .tag("rows", table.rows())
                .description("Rows deleted by the retention job")
                .register(registry);
        long total = 0;
        int deleted;
        do {
            deleted = VertxContexts.await(() -> Panache.withTransaction(() -> table.prune(before, config.batchSize())));
            total += deleted;
            pruned.increment(deleted);
        } while (deleted >= config.batchSize() && !timer.isShutdown());
        if (total > 0) {
            LOG.debugf("deleted %d %s rows older than %s", total, table.rows(), before);
        }
        return total;
    }
}

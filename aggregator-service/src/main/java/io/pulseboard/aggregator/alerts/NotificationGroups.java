package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.receivers.Grouper;
import io.pulseboard.aggregator.receivers.Notification;
import io.pulseboard.aggregator.receivers.Notifications;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.webhooks.NotificationsConfig;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertRule;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The alerts handed to receivers, grouped ({@link Grouper}) on one thread of their own: the
 * recorder hands each firing or resolved alert over, and every {@code pulse.notifications.group-tick}
 * the groups that are due are rendered and given to the {@link WebhookSender} (its retries, bounds,
 * counters and target checks). Groups live on the instance that owns the streams' partitions: when
 * partitions are given up, their alerts leave the groups here.
 */
@ApplicationScoped
public class NotificationGroups {

    private static final Logger LOG = Logger.getLogger(NotificationGroups.class);

    private final Notifications notifications;
    private final WebhookSender webhooks;
    private final Clock clock;
    private final Grouper grouper;
    private final Counter overflow;
    private final Counter sent;
    private final ScheduledExecutorService thread = DaemonThreads.timer("pulse-notification-groups");
    private long overflowed; // on the thread only

    public NotificationGroups(
            Notifications notifications,
            WebhookSender webhooks,
            Clock clock,
            NotificationsConfig config,
            MeterRegistry registry) {
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.clock = clock;
        this.grouper = new Grouper(config.maxGroups(), config.maxAlertsPerGroup());
        this.overflow = Counter.builder("pulse.notifications.group.overflow")
                .description("Alerts not notified because the groups or their group were full")
                .register(registry);
        this.sent = Counter.builder("pulse.notifications.groups.sent")
                .description("Grouped notifications handed to the webhook sender")
                .register(registry);
        Gauge.builder("pulse.notifications.groups", grouper, Grouper::groups)
                .description("Notification groups held")
                .register(registry);
        long every = Math.max(10, config.groupTick().toMillis());
        thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    /** Hands a firing or resolved alert of a rule naming a receiver to its group; returns at once. */
    void add(AlertRule rule, Alert alert, int partition) {
        Grouper.Settings settings = notifications.grouping(rule, alert);
        if (settings == null) {
            return;
        }
        run(() -> {
            if (!grouper.add(rule.receiver(), settings, alert, partition, clock.instant())) {
                overflow.increment();
                if (overflowed++ % 1000 == 0) {
                    LOG.warnf(
                            "alert %s (%s) of receiver %s not notified: the groups (pulse.notifications.max-groups)"
                                    + " or its group (max-alerts-per-group) are full; %d alerts so far",
                            alert.id(), alert.state().jsonName(), rule.receiver(), overflowed);
                }
            }
        });
    }

    /** Takes an alert whose rule was deleted out of its group; returns at once. */
    void drop(String alertId) {
        run(() -> grouper.drop(alertId));
    }

    /** Drops the grouped alerts of partitions given up; returns at once. */
    void forget(Collection<Integer> partitions) {
        List<Integer> gone = List.copyOf(partitions);
        run(() -> grouper.forget(gone));
    }

    private void tick() {
        try {
            for (Grouper.Batch batch : grouper.due(clock.instant())) {
                Notification notification = notifications.of(batch);
                if (notification != null) {
                    sent.increment();
                    webhooks.send(notification, batch.describe());
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("sending the grouped notifications failed, trying again on the next tick: %s", e.toString());
        }
    }

    private void run(Runnable work) {
        try {
            thread.execute(work);
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }

    @PreDestroy
    void stop() {
        thread.shutdownNow();
    }
}

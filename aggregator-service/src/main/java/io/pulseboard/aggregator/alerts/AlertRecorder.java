package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.receivers.Notification;
import io.pulseboard.aggregator.receivers.Notifications;
import io.pulseboard.aggregator.silences.SilenceTable;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Records the evaluator's state changes, in order, on a thread of its own: each change is written
 * to PostgreSQL (the alert row and a history row, in one transaction), then published to
 * pulse.alerts with the revision the row got, then handed to the webhook (at once) or to the group
 * of its receiver ({@link NotificationGroups}) unless an active silence matches it (then it is only
 * counted). The evaluator only
 * queues, so PostgreSQL or Kafka being slow never holds up the aggregator thread. A write that
 * fails is retried until it succeeds (the change is the only record of it).
 */
@ApplicationScoped
public class AlertRecorder {

    private static final Logger LOG = Logger.getLogger(AlertRecorder.class);

    private final AlertPublisher publisher;
    private final WebhookSender webhooks;
    private final Notifications notifications;
    private final NotificationGroups groups;
    private final SilenceTable silences;
    private final Counter changes;
    private final Counter silenced;
    private final Counter publishFailures;
    private final ExecutorService thread =
            Executors.newSingleThreadExecutor(DaemonThreads.named("pulse-alert-recorder"));
    private volatile boolean stopping;

    public AlertRecorder(
            AlertPublisher publisher,
            WebhookSender webhooks,
            Notifications notifications,
            NotificationGroups groups,
            SilenceTable silences,
            MeterRegistry registry) {
        this.publisher = publisher;
        this.webhooks = webhooks;
        this.notifications = notifications;
        this.groups = groups;
        this.silences = silences;
        this.silenced = Counter.builder("pulse.alerts.silenced")
                .description("Firing and resolved alerts not notified because an active silence matched them")
                .register(registry);
        this.changes = Counter.builder("pulse.alerts.changes")
                .description("Alert state changes recorded")
                .register(registry);
        this.publishFailures = Counter.builder("pulse.alerts.publish.failures")
                .description("Alert changes stored but not published to pulse.alerts")
                .register(registry);
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Queues a change; returns at once. */
    void record(AlertChange change) {
        try {
            thread.execute(() -> write(change));
        } catch (RejectedExecutionException e) {
            LOG.warnf(
                    "shutting down: the change of alert %s to %s is not recorded",
                    change.alertId(), change.state().jsonName());
        }
    }

    /**
     * The pending and firing alerts of these partitions, once every change queued before is written.
     * Blocks.
     */
    List<AlertEntity> live(Collection<Integer> partitions) {
        return onThread(() -> VertxContexts.await(() -> Panache.withSession(() -> AlertEntity.<AlertEntity>list(
                "kafkaPartition in ?1 and state in ('pending', 'firing')", List.copyOf(partitions)))));
    }

    /** Drops the grouped notifications of partitions given up (call after {@link #drain}). */
    void forgetGroups(Collection<Integer> partitions) {
        groups.forget(partitions);
    }

    /** Waits (at most {@code timeout}) until every change queued so far is written. */
    void drain(Duration timeout) {
        try {
            thread.submit(() -> {}).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf("alert changes still being written after %s: %s", timeout, e.toString());
        }
    }

    private void write(AlertChange change) {
        AlertEntity saved = null;
        for (int attempt = 1; saved == null; attempt++) {
            try {
                saved = VertxContexts.await(() -> Panache.withTransaction(() -> store(change)));
            } catch (RuntimeException e) {
                if (stopping) {
                    LOG.warnf(
                            "shutting down: the change of alert %s to %s is not recorded: %s",
                            change.alertId(), change.state().jsonName(), e.toString());
                    return;
                }
                LOG.warnf(
                        "could not store the change of alert %s to %s (attempt %d), retrying: %s",
                        change.alertId(), change.state().jsonName(), attempt, e.toString());
                sleep(Math.min(5000, 200L * attempt));
            }
        }
        changes.increment();
        Alert alert = saved.toAlert();
        publisher.publish(alert).subscribe().with(ok -> {}, e -> {
            publishFailures.increment();
            LOG.warnf(
                    "alert %s (%s) stored but not published to pulse.alerts: %s",
                    alert.id(), alert.state().jsonName(), e.toString());
        });
        AlertRule rule = change.rule() == null ? null : change.rule().rule();
        if (rule == null || rule.receiver() == null) {
            // Its rule was deleted or names no receiver (now): it leaves the group it may be in, unsent.
            groups.drop(alert.id());
        }
        boolean notifies = rule != null && (rule.webhook() != null || rule.receiver() != null);
        if (notifies && (change.state() == AlertState.FIRING || change.state() == AlertState.RESOLVED)) {
            List<String> by = silences.silencing(alert);
            if (!by.isEmpty()) {
                silenced.increment();
                if (rule.receiver() != null) {
                    groups.drop(alert.id()); // a silenced resolve must not leave it firing in its group
                }
                LOG.debugf(
                        "alert %s (%s) not notified: silenced by %s",
                        alert.id(), alert.state().jsonName(), by);
            } else if (rule.receiver() != null) {
                groups.add(rule, alert, change.partition());
            } else {
                Notification notification = notifications.of(rule, alert);
                if (notification != null) {
                    webhooks.send(notification, alert);
                }
            }
        }
    }

    /** Creates or updates the alert's row and adds a history row. */
    private static Uni<AlertEntity> store(AlertChange c) {
        return AlertEntity.<AlertEntity>findById(c.alertId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(found -> {
                    AlertEntity a = found;
                    if (a == null) {
                        a = new AlertEntity();
                        a.id = c.alertId();
                        a.stream = c.stream();
                        a.revision = 0;
                    }
                    if (c.rule() != null) {
                        var rule = c.rule().rule();
                        a.ruleId = rule.id();
                        a.ruleName = rule.name();
                        a.severity = rule.severity().jsonName();
                        a.expr = rule.expr();
                        a.labels = PulseJson.toJson(rule.labels());
                    }
                    a.kafkaPartition = c.partition();
                    a.state = c.state().jsonName();
                    a.value = c.value();
                    if (c.threshold() != null) {
                        a.threshold = c.threshold();
                    }
                    a.pendingAt = c.pendingAt();
                    a.firingAt = c.firingAt();
                    a.resolvedAt = c.state() == AlertState.RESOLVED ? c.at() : null;
                    a.revision++;
                    a.updatedAt = c.at();
                    AlertHistoryEntity h = AlertHistoryEntity.of(a, c.state().jsonName(), c.at());
                    h.value = c.value();
                    AlertEntity result = a;
                    return (found == null ? a.persist() : Uni.createFrom().item(a))
                            .chain(() -> h.persist())
                            .replaceWith(result);
                });
    }

    private <T> T onThread(java.util.concurrent.Callable<T> work) {
        try {
            return thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

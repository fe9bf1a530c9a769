package io.pulseboard.aggregator.rules;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.support.VertxContexts;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Topics;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Heals the gap between PostgreSQL and {@code pulse.rules}: a rule change is stored first and then
 * published, so when Kafka fails in between (the API answers 503) the topic, and so every rule
 * table, lacks the change. Every {@code interval} this compares the table with the database and
 * publishes what the topic lacks: the stored rule, or a tombstone for a rule no longer stored.
 *
 * <p>A difference is repaired only once it has lasted {@code after} (longer than a publish may
 * take), so a change whose publish is still under way is not sent twice. Every instance runs it;
 * publishing the stored state again is harmless.
 */
@ApplicationScoped
public class RuleReconciler {

    private static final Logger LOG = Logger.getLogger(RuleReconciler.class);

    private final RuleTable table;
    private final RulePublisher publisher;
    private final Duration interval;
    private final Duration after;
    private final Counter repaired;
    /** Differences seen, by rule id and stored version (-1: not stored), with when first seen. */
    private final Map<String, Long> firstSeen = new HashMap<>();

    private ScheduledExecutorService timer;

    public RuleReconciler(RuleTable table, RulePublisher publisher, MeterRegistry registry, RulesConfig config) {
        this.table = table;
        this.publisher = publisher;
        this.interval = config.reconcileInterval();
        this.after = config.reconcileAfter();
        this.repaired = Counter.builder("pulse.rules.republished")
                .description("Rule changes (or deletions) published again because pulse.rules lacked them")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        timer = DaemonThreads.timer("pulse-rules-reconciler");
        long every = Math.max(100, interval.toMillis());
        timer.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    private void pass() {
        if (!table.caughtUp()) {
            return;
        }
        try {
            reconcile(System.nanoTime());
        } catch (RuntimeException e) {
            LOG.warnf(
                    "comparing the stored rules with %s failed, trying again in %s: %s",
                    Topics.RULES, interval, e.toString());
        }
    }

    /** One comparison at {@code now} (nanoTime); package-private for tests, synchronized against the timer. */
    synchronized void reconcile(long now) {
        // The table first, then the database: a rule created in between is then only "missing"
        // (published again, harmless), never mistaken for a deleted one.
        Map<String, Long> known = table.all().stream()
                .collect(Collectors.toMap(
                        CompiledRule::id,
                        r -> r.rule().version() == null ? -1L : r.rule().version()));
        List<AlertRule> stored = storedRules();

        Map<String, Long> seenNow = new HashMap<>();
        for (AlertRule rule : stored) {
            if (!rule.version().equals(known.remove(rule.id()))) {
                String key = rule.id() + "@" + rule.version();
                if (due(key, now, seenNow)) {
                    publisher.publish(rule).await().atMost(interval.plusSeconds(30));
                    repaired.increment();
                    LOG.warnf(
                            "%s lacked version %d of rule %s (its publish had failed): published it again",
                            Topics.RULES, rule.version(), rule.id());
                }
            }
        }
        for (String deleted : known.keySet()) {
            if (due(deleted + "@-1", now, seenNow)) {
                publisher.delete(deleted).await().atMost(interval.plusSeconds(30));
                repaired.increment();
                LOG.warnf(
                        "%s still held rule %s, which is deleted (its tombstone had failed): published the tombstone again",
                        Topics.RULES, deleted);
            }
        }
        firstSeen.keySet().retainAll(seenNow.keySet());
    }

    private static List<AlertRule> storedRules() {
        return VertxContexts.await(() -> Panache.withSession(() -> RuleEntity.<RuleEntity>listAll())
                .map(rows -> rows.stream().map(RuleEntity::toRule).toList()));
    }

    private boolean due(String key, long now, Map<String, Long> seenNow) {
        long since = firstSeen.computeIfAbsent(key, k -> now);
        seenNow.put(key, since);
        return now - since >= after.toNanos();
    }
}

package io.pulseboard.aggregator.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.aggregation.WindowStats;
import io.pulseboard.aggregator.rules.CompiledRule;
import io.pulseboard.aggregator.rules.Expr;
import io.pulseboard.aggregator.rules.RuleTable;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.model.AlertState;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Evaluates the rules against the partitions this instance owns, on the aggregator thread, so
 * that only the owner of a stream's partition evaluates it and the partition state is read where
 * it lives. The {@link io.pulseboard.aggregator.pipeline.Aggregator} calls it:
 *
 * <ul>
 *   <li>{@link #evaluate} after each flush, with the hours that changed: their streams are
 *       evaluated, and every stream of the partition once per evaluation interval;
 *   <li>{@link #restore} when partitions are assigned: the live alerts of their streams are read
 *       back from PostgreSQL, so they continue (nothing fires again);
 *   <li>{@link #forget} when partitions go: their trackers are dropped once their changes are written;
 *   <li>{@link #checkpointed} when partitions' checkpoints are written: stored rows that late events
 *       changed are read again for the windows that use them.
 * </ul>
 *
 * State changes go to the {@link AlertRecorder} (PostgreSQL, pulse.alerts, webhook) without waiting.
 * Windows of minutes without offset come from the partition state; the others from {@link
 * EarlierWindows}, which reads what memory lacks in the background: a rule whose window is not at
 * hand yet is left as it is for that pass (counted as deferred).
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);

    private final RuleTable rules;
    private final AlertRecorder recorder;
    private final Duration interval;
    private final Timer evaluationTime;
    private final Counter deferred;
    private final EarlierWindows history;
    private final ExecutorService historyReaders;

    /** Per partition: its trackers by (rule id, stream), and when every stream was last evaluated. Aggregator thread only. */
    private final Map<Integer, PartitionAlerts> partitions = new HashMap<>();

    private static final class PartitionAlerts {
        final Map<Key, AlertTracker> trackers = new HashMap<>();
        Instant lastFullPass = Instant.EPOCH;
    }

    record Key(String ruleId, String stream) {}

    public AlertEvaluator(
            RuleTable rules, AlertRecorder recorder, AlertsConfig config, StoredRows stored, MeterRegistry registry) {
        this.rules = rules;
        this.recorder = recorder;
        this.interval = config.evaluationInterval();
        this.evaluationTime = Timer.builder("pulse.alerts.evaluation")
                .description("Time to evaluate the rules of one partition after a flush")
                .register(registry);
        this.deferred = Counter.builder("pulse.alerts.evaluations.deferred")
                .description(
                        "Evaluations of a (rule, stream) left for a later pass: an earlier window was still being read")
                .register(registry);
        AlertsConfig.History limits = config.history();
        // Bounded threads and queue: the aggregator thread only hands reads over, never waits for them.
        this.historyReaders = new ThreadPoolExecutor(
                limits.maxReads(),
                limits.maxReads(),
                0,
                TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(limits.maxReads()),
                DaemonThreads.named("pulse-alert-history"));
        this.history = new EarlierWindows(
                stored,
                historyReaders,
                new EarlierWindows.Limits(
                        limits.maxEntries(), limits.maxReads(), limits.maxIdle(), interval.multipliedBy(2)),
                registry);
    }

    @PreDestroy
    void stop() {
        historyReaders.shutdownNow();
    }

    /** Reads back the live alerts of newly assigned partitions. Blocks on PostgreSQL; throws if it fails. */
    public void restore(Collection<Integer> assigned) {
        List<AlertEntity> live = recorder.live(assigned);
        for (int p : assigned) {
            partitions.put(p, new PartitionAlerts());
        }
        for (AlertEntity a : live) {
            partitions
                    .get(a.kafkaPartition)
                    .trackers
                    .put(
                            new Key(a.ruleId, a.stream),
                            AlertTracker.restore(a.id, a.alertState(), a.pendingAt, a.firingAt));
        }
        if (!live.isEmpty()) {
            LOG.infof("partitions %s: %d live alerts restored", assigned, live.size());
        }
    }

    /** Drops the trackers of partitions given up, once their changes are written (so the next owner reads them). */
    public void forget(Collection<Integer> gone) {
        gone.forEach(partitions::remove);
        history.forget(gone);
        recorder.drain(DRAIN_TIMEOUT);
        recorder.forgetGroups(gone);
    }

    /** The checkpoints of these partitions are written (on the aggregator thread, after the flush that changed them). */
    public void checkpointed(Collection<Integer> written) {
        history.checkpointed(written);
    }

    /**
     * Evaluates the streams of {@code changed} hours of one partition, and every stream of it if
     * the evaluation interval has passed. Never throws: a failure is logged, consumption goes on.
     */
    public void evaluate(int partition, PartitionState state, Collection<HourAggregate> changed, Instant now) {
        history.changed(partition, changed, now); // late events: noted even while rules catch up
        if (!rules.caughtUp()) {
            return; // without every rule, a missing one would look deleted
        }
        long started = System.nanoTime();
        try {
            history.takeFinished(now);
            PartitionAlerts alerts = partitions.computeIfAbsent(partition, p -> new PartitionAlerts());
            boolean full = Duration.between(alerts.lastFullPass, now).compareTo(interval) >= 0;
            Set<String> streams = new HashSet<>();
            changed.forEach(h -> streams.add(h.stream()));
            if (full) {
                state.openHours().forEach(h -> streams.add(h.stream()));
                state.closedHoursInMemory().forEach(h -> streams.add(h.stream()));
                alerts.trackers.keySet().forEach(k -> streams.add(k.stream()));
                endOrphans(partition, alerts, now);
                history.dropIdle(now);
                alerts.lastFullPass = now;
            }
            for (String stream : streams) {
                List<CompiledRule> matching = rules.matching(stream);
                if (!matching.isEmpty()) {
                    evaluateStream(partition, state, alerts, stream, matching, now);
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "evaluating the rules of partition %d failed", partition);
        } finally {
            history.startReads();
            evaluationTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private void evaluateStream(
            int partition,
            PartitionState state,
            PartitionAlerts alerts,
            String stream,
            List<CompiledRule> matching,
            Instant now) {
        Map<Integer, WindowStats> windows = new HashMap<>(2);
        Map<WindowAt, WindowStats> earlier = null; // windows of hours or with an offset, made only if a rule reads them
        for (CompiledRule rule : matching) {
            Key key = new Key(rule.id(), stream);
            AlertTracker tracker = alerts.trackers.get(key);
            RuleCheck check;
            if (!rule.readsEarlierWindows()) {
                WindowStats window = windows.computeIfAbsent(rule.windowMinutes(), m -> state.window(stream, m, now));
                check = RuleCheck.of(rule, window);
            } else {
                if (earlier == null) {
                    earlier = earlierWindows(partition, state, stream, matching, windows, now);
                }
                Map<WindowAt, WindowStats> at = earlier;
                check = RuleCheck.of(rule, offset -> at.get(new WindowAt(rule.windowMinutes(), offset)));
                if (check == null) {
                    deferred.increment(); // not at hand yet: the tracker stays as it is until a later pass
                    continue;
                }
            }
            Expr.Outcome outcome = check.outcome();
            if (tracker == null) {
                if (!check.condition()) {
                    continue;
                }
                tracker = new AlertTracker();
                alerts.trackers.put(key, tracker);
            }
            AlertState changed = tracker.step(
                    check.condition(),
                    check.clear(),
                    rule.forDuration(),
                    rule.keepFiringFor(),
                    now,
                    () -> UUID.randomUUID().toString());
            if (changed != null) {
                recorder.record(new AlertChange(
                        tracker.alertId(),
                        rule,
                        stream,
                        partition,
                        changed,
                        Double.isNaN(outcome.value()) ? null : outcome.value(),
                        Double.isNaN(outcome.threshold()) ? null : outcome.threshold(),
                        tracker.pendingAt(),
                        tracker.firingAt(),
                        now));
            }
            if (!tracker.live()) {
                alerts.trackers.remove(key);
            }
        }
    }

    /** A window a rule reads: its length, shifted back by an offset. */
    private record WindowAt(int minutes, Duration offset) {}

    /**
     * Every window of hours or with an offset that the stream's rules read, each made once with the
     * value names all those rules read at it; null where it is not at hand yet.
     */
    private Map<WindowAt, WindowStats> earlierWindows(
            int partition,
            PartitionState state,
            String stream,
            List<CompiledRule> matching,
            Map<Integer, WindowStats> windows,
            Instant now) {
        Map<WindowAt, Set<String>> names = new HashMap<>();
        for (CompiledRule rule : matching) {
            if (rule.readsEarlierWindows()) {
                collectNames(rule.expr(), rule.windowMinutes(), names);
                if (rule.resolve() != null) {
                    collectNames(rule.resolve(), rule.windowMinutes(), names);
                }
            }
        }
        Map<WindowAt, WindowStats> out = new HashMap<>(names.size() * 2);
        names.forEach((w, valueNames) -> {
            WindowStats window;
            if (w.minutes() > WindowStats.MAX_MINUTES) {
                window = history.hourWindow(partition, state, stream, w.minutes() / 60, w.offset(), valueNames, now);
            } else if (w.offset().isZero()) {
                window = windows.computeIfAbsent(w.minutes(), m -> state.window(stream, m, now));
            } else {
                window = history.minuteWindow(partition, state, stream, w.minutes(), w.offset(), valueNames, now);
            }
            out.put(w, window);
        });
        return out;
    }

    /** Adds the value names {@code condition} reads, per window it reads them at. */
    private static void collectNames(Expr condition, int minutes, Map<WindowAt, Set<String>> names) {
        condition.forEach(e -> {
            if (e instanceof Expr.Metric m) {
                Set<String> at = names.computeIfAbsent(new WindowAt(minutes, m.offset()), w -> new HashSet<>(2));
                if (m.valueName() != null) {
                    at.add(m.valueName());
                }
            }
        });
    }

    /** Ends the live alerts whose rule was deleted, disabled or no longer matches the stream. */
    private void endOrphans(int partition, PartitionAlerts alerts, Instant now) {
        for (var it = alerts.trackers.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            CompiledRule rule = rules.get(entry.getKey().ruleId());
            if (rule != null && rule.enabled() && rule.glob().matches(entry.getKey().stream())) {
                continue;
            }
            AlertTracker tracker = entry.getValue();
            AlertState ended = tracker.end();
            it.remove();
            if (ended != null) {
                // A deleted rule: the alert keeps the rule's fields as it last had them.
                recorder.record(new AlertChange(
                        tracker.alertId(),
                        rule,
                        entry.getKey().stream(),
                        partition,
                        ended,
                        null,
                        null,
                        tracker.pendingAt(),
                        tracker.firingAt(),
                        now));
            }
        }
    }
}

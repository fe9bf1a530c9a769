package io.pulseboard.aggregator.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.pulseboard.aggregator.aggregation.AggregationSettings;
import io.pulseboard.aggregator.aggregation.HourAggregate;
import io.pulseboard.aggregator.aggregation.HourKey;
import io.pulseboard.aggregator.aggregation.Outcome;
import io.pulseboard.aggregator.aggregation.PartitionState;
import io.pulseboard.aggregator.alerts.AlertEvaluator;
import io.pulseboard.aggregator.checkpoint.CheckpointEntity;
import io.pulseboard.aggregator.deadletters.DeadLetter;
import io.pulseboard.aggregator.deadletters.DeadLetterNotices;
import io.pulseboard.aggregator.publish.DeadLetterPublisher;
import io.pulseboard.aggregator.publish.MetricsPublisher;
import io.pulseboard.aggregator.publish.SamplePublisher;
import io.pulseboard.aggregator.recent.KeptEvent;
import io.pulseboard.aggregator.recent.RecentBuffer;
import io.pulseboard.aggregator.recent.RecentConfig;
import io.pulseboard.aggregator.recent.Sampler;
import io.pulseboard.aggregator.recent.SamplesConfig;
import io.pulseboard.aggregator.store.RetentionConfig;
import io.pulseboard.aggregator.support.Backoff;
import io.pulseboard.aggregator.support.DaemonThreads;
import io.pulseboard.aggregator.support.Retries;
import io.pulseboard.model.Event;
import io.pulseboard.model.validation.ParsedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The consumer side of the pipeline: owns the {@link PartitionState} of every assigned partition
 * and does everything that touches them on one thread of its own, in order: counting batches of
 * records, closing hours on a timer, publishing conflated metrics, checkpointing, and taking
 * partitions on and off on rebalances.
 *
 * <h2>Exactly once</h2>
 *
 * A checkpoint writes, in one PostgreSQL transaction, every partition's serialized state with the
 * offset of the first record it does not contain, and every hour changed since the last
 * checkpoint. So the hours table always matches the checkpointed states. On assignment a partition
 * restores its state and the consumer seeks to its offset; records before it are skipped, so each
 * record is counted once. Before a checkpoint is written, every message it covers (metrics, dead
 * letters) must be acknowledged by Kafka; those are at least once, and a repeated metrics message
 * is the same whole state with the same revision.
 *
 * <h2>Shape</h2>
 *
 * This class is the I/O shell: its thread, the parser, Storage calls, publishers and delivery
 * waits, the last three in {@link Checkpointer}. The decisions are pure classes with no Kafka or PostgreSQL: {@link Rejection} (what is
 * dead-lettered and why), {@link PartitionSlots} (which partition counts a stream),
 * {@link LateHours} (how a late event's closed hour is loaded), {@link Cadence} (when to flush
 * and checkpoint), {@link PartitionSlot} (what a flush, a failed send and a written checkpoint
 * change), {@link CheckpointContents} (what a checkpoint writes) and {@link CheckpointStalls}
 * (when failing checkpoints stall readiness).
 */
@ApplicationScoped
public class Aggregator {

    private static final Logger LOG = Logger.getLogger(Aggregator.class);
    private static final Backoff LOAD_BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5));

    private final AggregatorConfig config;
    private final AggregationSettings settings;
    private final Storage storage;
    private final MetricsPublisher metrics;
    private final DeadLetterPublisher deadLetters;
    private final SamplePublisher samples;
    private final RecentConfig recentConfig;
    /** Chooses the events of the live feed; null when it is off. */
    private final Sampler sampler;
    /** The live feed's samples of the batch being counted, published after it. */
    private List<Sampler.Sample> chosen = new ArrayList<>();

    private final DeadLetterNotices notices = new DeadLetterNotices();
    private final String groupId;
    private final Clock clock;
    private final BatchParser parser;
    private final AggregatorMeters meters;
    private final LateHours lateHours;
    private final ScheduledExecutorService thread = DaemonThreads.timer("pulse-aggregator");

    // Only touched on the aggregator thread.
    private final PartitionSlots slots = new PartitionSlots();
    private final Cadence cadence;
    private boolean stopped;
    /** Set first thing at shut-down: from then on batches are left for the next owner, not counted. */
    private volatile boolean stopping;

    private final Set<Integer> failedPartitions = ConcurrentHashMap.newKeySet();
    /** Partitions whose checkpoints fail; those failing for longer than the stall limit are read by readiness. */
    private final CheckpointStalls stalls;

    private final Checkpointer checkpointer;
    /** Per owned partition, the offset of the next record to count; read by the lag monitor. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();

    /** Evaluates alert rules on this thread against the partitions' states (see AlertEvaluator). */
    @Inject
    AlertEvaluator alerts;

    public Aggregator(
            AggregatorConfig config,
            RetentionConfig retention,
            RecentConfig recent,
            SamplesConfig samplesConfig,
            Storage storage,
            MetricsPublisher metrics,
            DeadLetterPublisher deadLetters,
            SamplePublisher samples,
            MeterRegistry registry,
            Clock clock,
            @ConfigProperty(name = "mp.messaging.incoming.events.group.id") String groupId) {
        this.config = config;
        this.settings = config.settings();
        this.storage = storage;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.samples = samples;
        this.recentConfig = recent;
        this.sampler = samplesConfig.enabled()
                ? new Sampler(samplesConfig.eventsPerSecond(), samplesConfig.errorsPerSecond(), samplesConfig.maxAge())
                : null;
        this.groupId = groupId;
        this.clock = clock;
        this.parser = new BatchParser(config.parseThreads());
        this.meters = new AggregatorMeters(registry);
        this.lateHours = new LateHours(retention.minutes());
        this.cadence = new Cadence(config.flushInterval(), config.persistInterval());
        this.stalls = new CheckpointStalls(config.checkpointStallAfter());
        this.checkpointer = new Checkpointer(storage, deadLetters, meters, stalls, groupId, config.sendTimeout());
    }

    void start(@Observes StartupEvent event) {
        long every = Math.max(1, config.flushInterval().toMillis());
        thread.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        // Stop taking batches first, so that the connector, still polling until it is closed after us,
        // does not queue work behind the final checkpoint (or onto a stopped thread: a warning per batch).
        stopping = true;
        try {
            thread.submit(() -> {
                        flush(clock.instant());
                        checkpointer.checkpoint(new ArrayList<>(slots.all()), clock.instant());
                        stopped = true;
                    })
                    .get(config.sendTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warnf(
                    "no final checkpoint at shut-down (%s); the next start resumes from the previous one",
                    e.toString());
        }
        thread.shutdown();
        parser.close();
    }

    // ---------------------------------------------------------------------------------------------
    // Entry points (any thread)

    /** Counts a batch of records; completes when they are in the partitions' states. */
    public CompletionStage<Void> process(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        if (stopping) {
            return CompletableFuture.completedFuture(null); // not counted: the next start resumes from the checkpoint
        }
        try {
            return CompletableFuture.runAsync(() -> processNow(records), thread);
        } catch (RejectedExecutionException e) {
            return stopping ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(e);
        }
    }

    /** True once shut-down has begun: no batch is counted and no partition taken on any more. Any thread. */
    public boolean stopping() {
        return stopping;
    }

    /**
     * Takes partitions on: restores their checkpoints. Blocks until done (the caller is Kafka's
     * rebalance callback).
     *
     * @return per partition the offset to seek to, or -1 where there is no checkpoint
     */
    public Map<Integer, Long> assign(String topic, Collection<Integer> partitions) {
        return call(() -> assignNow(topic, partitions));
    }

    /** Gives partitions up: checkpoints them, then forgets them. Blocks until done. */
    public void revoke(Collection<Integer> partitions) {
        if (stopping || thread.isShutdown()) {
            return; // stopped: the final checkpoint is written
        }
        call(() -> {
            Instant now = clock.instant();
            flush(now);
            checkpointer.checkpoint(slots.of(partitions), now);
            forget(partitions);
            return null;
        });
    }

    /** Partitions lost without a chance to checkpoint: forgets them; the next owner resumes from their checkpoints. */
    public void lose(Collection<Integer> partitions) {
        if (stopping || thread.isShutdown()) {
            return;
        }
        call(() -> {
            forget(partitions);
            return null;
        });
    }

    /** The owned partitions and the offset of the next record each will count. Any thread. */
    public Map<Integer, Long> positions() {
        return Map.copyOf(positions);
    }

    /** Partitions stopped by an internal error (empty when healthy). Any thread. */
    public List<Integer> failedPartitions() {
        return failedPartitions.stream().sorted().toList();
    }

    /** Partitions whose checkpoints have kept failing for longer than the stall limit (empty when healthy). Any thread. */
    public List<Integer> stalledPartitions() {
        return stalls.stalled();
    }

    private <T> T call(Callable<T> work) {
        try {
            return thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // On the aggregator thread

    private Map<Integer, Long> assignNow(String topic, Collection<Integer> partitions) {
        Map<Integer, CheckpointEntity> rows = storage.loadCheckpoints(groupId, topic, partitions).stream()
                .collect(Collectors.toMap(c -> c.partitionId, c -> c));
        Map<Integer, Long> seek = new HashMap<>();
        for (int p : partitions) {
            CheckpointEntity row = rows.get(p);
            PartitionSlot slot = row == null
                    ? new PartitionSlot(p, new PartitionState(settings), 0, -1, newRecentBuffer())
                    : new PartitionSlot(
                            p,
                            PartitionState.deserialize(row.state, settings),
                            row.nextOffset,
                            row.nextOffset,
                            newRecentBuffer());
            slots.put(slot);
            positions.put(p, slot.nextOffset);
            seek.put(p, row == null ? -1L : row.nextOffset);
            LOG.infof(
                    "partition %d of %s: %s",
                    p,
                    topic,
                    row == null ? "no checkpoint, reading from the beginning" : "resuming at offset " + row.nextOffset);
        }
        alerts.restore(partitions);
        return seek;
    }

    private void forget(Collection<Integer> partitions) {
        slots.removeAll(partitions);
        failedPartitions.removeAll(partitions);
        stalls.forget(partitions);
        positions.keySet().removeAll(partitions);
        alerts.forget(partitions);
    }

    private RecentBuffer newRecentBuffer() {
        return new RecentBuffer(recentConfig.events(), recentConfig.errors());
    }

    private void processNow(Iterable<ConsumerRecord<byte[], byte[]>> batch) {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        batch.forEach(records::add);
        ParsedEvent[] events = parser.parse(records, now);
        for (int i = 0; i < events.length; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            PartitionSlot slot = slots.get(record.partition());
            // Not ours (any more), or already in the state (fetched again after a seek).
            if (slot == null || slot.failed || record.offset() < slot.nextOffset) {
                continue;
            }
            try {
                count(slot, record, events[i], now);
            } catch (Retries.Stopped e) {
                // Shutting down while a late event's hour could not be loaded: the rest of the batch
                // stays uncounted, behind each partition's next offset, so that the final checkpoint
                // (or the next owner) resumes at this record.
                LOG.infof(
                        "shutting down: %s and the records after it in this batch are left to the next start",
                        DeadLetterPublisher.source(record));
                return;
            } catch (RuntimeException e) {
                // A bug, not bad input: stop this partition where it is, without counting the record
                // and without further checkpoints; a restart resumes it from its last checkpoint.
                slot.failed = true;
                failedPartitions.add(slot.partition);
                LOG.errorf(
                        e,
                        "could not count %s; partition %d stops until a restart (readiness is DOWN)",
                        DeadLetterPublisher.source(record),
                        slot.partition);
                continue;
            }
            slot.nextOffset = record.offset() + 1;
        }
        for (PartitionSlot slot : slots.all()) {
            positions.put(slot.partition, slot.nextOffset);
        }
        if (!chosen.isEmpty()) {
            samples.publish(chosen);
            chosen = new ArrayList<>();
        }
        afterWork(clock.instant());
    }

    private void count(PartitionSlot slot, ConsumerRecord<byte[], byte[]> record, ParsedEvent parsed, Instant now) {
        meters.consumed.increment();
        if (!parsed.valid()) {
            deadLetter(slot, record, Rejection.of(parsed), now);
            return;
        }
        Event e = parsed.event();
        int owner = slots.ownerElsewhere(slot, e.stream());
        if (owner >= 0) {
            deadLetter(slot, record, Rejection.wrongPartition(e.stream(), owner, slot.partition), now);
            return;
        }
        Outcome o = slot.state.apply(e, now);
        if (o.kind() == Outcome.Kind.NEEDS_CLOSED_HOUR) {
            // Changed since the last checkpoint but no longer in the state's memory, or else stored.
            HourAggregate closed = slot.unsaved.get(o.key());
            if (closed == null) {
                closed = loadHour(o.key(), now);
            }
            o = slot.state.applyLate(e, closed, now);
        }
        if (o.isRejected()) {
            deadLetter(slot, record, Rejection.of(o, e.stream()), now);
            return;
        }
        if (o.kind() == Outcome.Kind.COUNTED_LATE) {
            meters.late.increment();
            slot.unsaved.put(o.key(), o.hour());
        }
        KeptEvent kept = new KeptEvent(
                record.partition(),
                record.offset(),
                record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now,
                e);
        slot.recent.add(kept);
        if (sampler != null) {
            Sampler.Sample sample = sampler.offer(kept, now);
            if (sample != null) {
                chosen.add(sample);
            }
        }
    }

    /**
     * A stored hour, null if it has none (see {@link LateHours}); waits for PostgreSQL as long as
     * it takes (the event cannot be counted without it), unless the aggregator is shutting down:
     * then {@link Retries.Stopped} ends the batch, the event uncounted.
     */
    private HourAggregate loadHour(HourKey key, Instant now) {
        boolean withMinutes = lateHours.withMinutes(key, now);
        return Retries.forever(
                () -> storage.loadHour(key, withMinutes),
                LOAD_BACKOFF,
                () -> stopping,
                (attempt, e) -> LOG.warnf(
                        "could not load the closed hour %s (attempt %d), retrying: %s", key, attempt, e.toString()));
    }

    private void deadLetter(PartitionSlot slot, ConsumerRecord<byte[], byte[]> record, Rejection r, Instant now) {
        meters.rejected(r);
        meters.deadLettered.increment();
        slot.deadLetters.add(new PartitionSlot.DeadLetter(record, r.reason(), deadLetters.send(record, r.reason())));
        DeadLetter letter =
                DeadLetter.of(record, DeadLetterPublisher.source(record), r.code(), r.reason(), r.stream(), now);
        slot.deadLetterTally.add(letter);
        notices.add(letter);
    }

    private void tick() {
        try {
            if (!stopped) {
                afterWork(clock.instant());
            }
        } catch (RuntimeException e) {
            LOG.error("aggregator timer failed", e);
        }
    }

    /** Closes due hours; publishes if the flush interval has passed, and checkpoints if the persist interval has. */
    private void afterWork(Instant now) {
        for (PartitionSlot slot : slots.all()) {
            slot.state.closeHours(now);
        }
        if (!cadence.flushDue(now)) {
            return;
        }
        flush(now);
        if (cadence.checkpointDue(now)) {
            List<PartitionSlot> changed = slots.changedSinceCheckpoint();
            if (!changed.isEmpty()) {
                alerts.checkpointed(checkpointer.checkpoint(changed, now));
            }
            cadence.checkpointed(now);
        }
    }

    /** Publishes every hour and every minute changed since the last flush, once, with its state now. */
    private void flush(Instant now) {
        cadence.flushed(now);
        meters.flushTime.record(() -> {
            for (PartitionSlot slot : slots.all()) {
                List<HourAggregate> changed = slot.state.drainDirty();
                for (HourAggregate h : changed) {
                    publish(slot, h, slot.changed(h), now);
                }
                for (HourAggregate h : slot.republish.values()) {
                    publish(slot, h, slot.unsavedMinutesOf(h.key()), now);
                }
                slot.republish.clear();
                if (!slot.failed) {
                    alerts.evaluate(slot.partition, slot.state, changed, now);
                }
            }
            DeadLetterNotices.Notice notice = notices.poll(now);
            if (notice != null) {
                samples.publish(notice);
            }
            if (sampler != null) {
                sampler.sweep(now);
            }
        });
    }

    /**
     * Sends the hour's state and the states of {@code minutes} (bit m: minute m). An earlier send of
     * the hour not yet awaited is kept with them: it may carry minutes these do not.
     */
    private void publish(PartitionSlot slot, HourAggregate h, long minutes, Instant now) {
        CompletableFuture<Void> sent = metrics.publish(h.toMetrics(now));
        for (long bits = minutes; bits != 0; bits &= bits - 1) {
            HourAggregate minute = h.minuteAggregate(Long.numberOfTrailingZeros(bits));
            if (minute != null) {
                sent = CompletableFuture.allOf(sent, metrics.publishMinute(minute.toMetrics(now)));
            }
        }
        slot.metricsSends.merge(h.key(), sent, CompletableFuture::allOf);
    }
}

package io.pulseboard.aggregator.pipeline;

import io.pulseboard.aggregator.publish.DeadLetterPublisher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The aggregator's checkpoint path, on its thread: waits for Kafka to acknowledge what a checkpoint
 * covers, writes it with {@link Storage}, and keeps the partitions' books (see
 * {@link PartitionSlot#checkpointWritten}, {@link CheckpointStalls}). What is written is decided by
 * {@link CheckpointContents}.
 */
final class Checkpointer {

    private static final Logger LOG = Logger.getLogger(Checkpointer.class);

    private final Storage storage;
    private final DeadLetterPublisher deadLetters;
    private final AggregatorMeters meters;
    private final CheckpointStalls stalls;
    private final String groupId;
    private final Duration sendTimeout;

    Checkpointer(
            Storage storage,
            DeadLetterPublisher deadLetters,
            AggregatorMeters meters,
            CheckpointStalls stalls,
            String groupId,
            Duration sendTimeout) {
        this.storage = storage;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.stalls = stalls;
        this.groupId = groupId;
        this.sendTimeout = sendTimeout;
    }

    /**
     * Writes the checkpoints of {@code targets} (and their changed hours) in one transaction, once
     * Kafka has acknowledged every message they cover. A partition with an unacknowledged message
     * is left out (and the message sent again). If PostgreSQL refuses the transaction, each
     * partition is written alone, so that one partition's rows never hold back the others. What
     * is not written stays valid in memory: the previous checkpoint stays valid and the next
     * attempt writes more. A partition failing for longer than the stall limit turns readiness DOWN.
     *
     * @return the partitions whose checkpoints were written
     */
    List<Integer> checkpoint(List<PartitionSlot> targets, Instant now) {
        long started = System.nanoTime();
        List<PartitionSlot> ready = new ArrayList<>();
        for (PartitionSlot slot : targets) {
            if (slot.failed) {
                continue;
            }
            if (outputsDelivered(slot)) {
                ready.add(slot);
            } else {
                failed(slot, now, "Kafka did not acknowledge every message the checkpoint covers");
            }
        }
        List<Integer> written = new ArrayList<>();
        if (ready.isEmpty()) {
            return written;
        }
        RuntimeException error = write(ready, now);
        if (error == null) {
            ready.forEach(slot -> written.add(slot.partition));
        } else if (ready.size() > 1) {
            for (PartitionSlot slot : ready) {
                RuntimeException alone = write(List.of(slot), now);
                if (alone != null) {
                    failed(slot, now, alone.toString());
                } else {
                    written.add(slot.partition);
                }
            }
        } else {
            failed(ready.get(0), now, error.toString());
        }
        meters.checkpointTime.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return written;
    }

    /** One transaction of the slots' rows and checkpoints; null when written, else why not. */
    private RuntimeException write(List<PartitionSlot> ready, Instant now) {
        Storage.Checkpoint contents = CheckpointContents.of(groupId, ready, now);
        try {
            storage.commit(contents);
        } catch (RuntimeException e) {
            return e;
        }
        meters.checkpointSize.record(CheckpointContents.bytes(contents));
        for (int i = 0; i < ready.size(); i++) {
            PartitionSlot slot = ready.get(i);
            slot.checkpointWritten(contents.writes().get(i).nextOffset(), now);
            Instant failingSince = stalls.written(slot.partition);
            if (failingSince != null) {
                LOG.infof(
                        "checkpoint of partition %d written again after failures since %s",
                        slot.partition, failingSince);
            }
        }
        return null;
    }

    private void failed(PartitionSlot slot, Instant now, String reason) {
        meters.checkpointFailures.increment();
        switch (stalls.failed(slot.partition, now)) {
            case FIRST -> LOG.warnf("checkpoint of partition %d failed, will retry: %s", slot.partition, reason);
            case STALLED ->
                LOG.errorf(
                        "checkpoints of partition %d have failed since %s (readiness is DOWN until one is written): %s",
                        slot.partition, stalls.failingSince(slot.partition), reason);
            case AGAIN -> LOG.debugf("checkpoint of partition %d failed again: %s", slot.partition, reason);
        }
    }

    /** Waits for the slot's sends; those that failed are queued again. True if all arrived. */
    private boolean outputsDelivered(PartitionSlot slot) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        boolean ok = true;
        for (var it = slot.metricsSends.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!awaitSent(entry.getValue(), deadline)) {
                ok = false;
                slot.sendFailed(entry.getKey());
            }
            it.remove();
        }
        List<PartitionSlot.DeadLetter> again = new ArrayList<>();
        for (PartitionSlot.DeadLetter letter : slot.deadLetters) {
            if (!awaitSent(letter.sent(), deadline)) {
                ok = false;
                again.add(new PartitionSlot.DeadLetter(
                        letter.record(), letter.reason(), deadLetters.send(letter.record(), letter.reason())));
            }
        }
        slot.deadLetters.clear();
        slot.deadLetters.addAll(again);
        return ok;
    }

    private static boolean awaitSent(CompletableFuture<Void> sent, long deadline) {
        try {
            sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("a message was not acknowledged by Kafka: %s", e.toString());
            return false;
        }
    }
}

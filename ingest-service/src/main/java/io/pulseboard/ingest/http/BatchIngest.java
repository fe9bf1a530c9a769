package io.pulseboard.ingest.http;

import io.pulseboard.ingest.publish.EventPublisher;
import io.pulseboard.model.validation.BatchReader.BatchItem;
import io.pulseboard.model.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Takes the items of one request as they are read: publishes the valid ones with a bounded number
 * awaiting Kafka's acknowledgement (so a large body streams instead of piling up), and records the
 * invalid ones with their reasons.
 */
final class BatchIngest implements Consumer<BatchItem> {

    /** Enough to say what went wrong without answering a huge bad file with a huge body. */
    static final int MAX_LISTED_PROBLEMS = 1000;

    private final EventPublisher publisher;
    private final int maxInFlight;
    private final List<Pending> inFlight = new ArrayList<>();
    private final List<IngestOutcome.Item> problems = new ArrayList<>();
    private long received;
    private long accepted;
    private long rejected;
    private long failed;

    BatchIngest(EventPublisher publisher, int maxInFlight) {
        this.publisher = publisher;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void accept(BatchItem item) {
        received++;
        if (!item.result().valid()) {
            rejected++;
            problem(new IngestOutcome.Item(
                    item.index(), item.line(), "rejected", item.result().violations()));
            return;
        }
        inFlight.add(new Pending(item, publisher.publish(item.result().event())));
        if (inFlight.size() >= maxInFlight) {
            awaitInFlight();
        }
    }

    /** Waits for every publication still in flight and returns the whole outcome. */
    IngestOutcome finish() {
        awaitInFlight();
        return new IngestOutcome(
                received, accepted, rejected, failed, List.copyOf(problems), problems.size() < rejected + failed);
    }

    private void awaitInFlight() {
        for (Pending pending : inFlight) {
            try {
                pending.ack().join();
                accepted++;
            } catch (CompletionException e) {
                failed++;
                Throwable cause = e.getCause() == null ? e : e.getCause();
                problem(new IngestOutcome.Item(
                        pending.item().index(),
                        pending.item().line(),
                        "failed",
                        List.of(new Violation("", "not published to Kafka: " + cause.getMessage()))));
            }
        }
        inFlight.clear();
    }

    private void problem(IngestOutcome.Item item) {
        if (problems.size() < MAX_LISTED_PROBLEMS) {
            problems.add(item);
        }
    }

    private record Pending(BatchItem item, CompletableFuture<Void> ack) {}
}

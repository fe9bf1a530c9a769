package io.pulseboard.aggregator.store;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;

/** A table whose rows {@link RetentionJob} deletes once they are older than {@link #keep()}. */
public interface Prunable {

    /** What the rows are, for logs and the metric's tag (for example "minutes"). */
    String rows();

    /** How long rows are kept. */
    Duration keep();

    /** Deletes at most {@code limit} rows older than {@code before}, oldest first; how many. Needs a transaction. */
    Uni<Integer> prune(Instant before, int limit);
}

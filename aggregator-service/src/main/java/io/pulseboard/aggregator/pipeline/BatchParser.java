package io.pulseboard.aggregator.pipeline;

import io.pulseboard.model.validation.ParsedEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses and validates a batch of records on several threads. Parsing is most of the cost of an
 * event and needs no state, while counting must stay on one thread in order: so the batch is
 * parsed first, in parallel, then counted in order from the results. A valid event whose record is
 * not keyed by its stream is rejected here too (see {@link RecordKeys}).
 */
public final class BatchParser implements AutoCloseable {

    /** Below this, splitting the work costs more than it saves. */
    private static final int PARALLEL_FROM = 256;

    private final RecordEventParser parser = new RecordEventParser();
    private final ForkJoinPool pool;

    /** {@code threads}: how many parse at once; 0 for one per processor. */
    public BatchParser(int threads) {
        int parallelism = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.pool = parallelism > 1 ? new ForkJoinPool(parallelism) : null;
    }

    /**
     * The parse of every record, in order; {@code now} is the time of an event whose record has no
     * timestamp either.
     */
    public ParsedEvent[] parse(List<ConsumerRecord<byte[], byte[]>> records, Instant now) {
        ParsedEvent[] parsed = new ParsedEvent[records.size()];
        if (pool == null || records.size() < PARALLEL_FROM) {
            for (int i = 0; i < parsed.length; i++) {
                parsed[i] = parseOne(records.get(i), now);
            }
        } else {
            pool.submit(() -> IntStream.range(0, parsed.length)
                            .parallel()
                            .forEach(i -> parsed[i] = parseOne(records.get(i), now)))
                    .join();
        }
        return parsed;
    }

    private ParsedEvent parseOne(ConsumerRecord<byte[], byte[]> record, Instant now) {
        Instant recordTime = record.timestamp() >= 0 ? Instant.ofEpochMilli(record.timestamp()) : now;
        try {
            ParsedEvent parsed = parser.parse(record.value(), recordTime);
            return parsed.valid() ? RecordKeys.check(record.key(), parsed) : parsed;
        } catch (RuntimeException e) {
            // The parser answers every input; should it fail anyway, the record goes to the DLQ
            // with the reason rather than failing the batch around it.
            return ParsedEvent.rejected("", "the aggregator could not parse this record: " + e);
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}

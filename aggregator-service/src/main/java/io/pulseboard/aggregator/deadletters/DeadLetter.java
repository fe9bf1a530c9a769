package io.pulseboard.aggregator.deadletters;

import io.pulseboard.model.validation.StreamNames;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * One dead-lettered record as kept and shown: when, its stream (null when it has no valid one), why,
 * where it was read, and its raw key and value as text (the value cut at {@link #MAX_VALUE_CHARS}).
 */
public record DeadLetter(
        Instant time,
        String stream,
        DeadLetterReason reasonCode,
        String reason,
        int partition,
        long offset,
        String source,
        String key,
        String value,
        boolean truncated) {

    /** How much of a raw value is kept to show. */
    public static final int MAX_VALUE_CHARS = 4096;

    /**
     * The dead letter of {@code record}; {@code stream} is its event's stream if it was read, else
     * the record key is taken if it is a valid stream name.
     */
    public static DeadLetter of(
            ConsumerRecord<byte[], byte[]> record,
            String source,
            DeadLetterReason code,
            String reason,
            String stream,
            Instant time) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (stream == null && key != null && StreamNames.isValid(key)) {
            stream = key;
        }
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        boolean truncated = value != null && value.length() > MAX_VALUE_CHARS;
        if (truncated) {
            value = value.substring(0, MAX_VALUE_CHARS);
        }
        if (key != null && key.length() > MAX_VALUE_CHARS) {
            key = key.substring(0, MAX_VALUE_CHARS);
        }
        return new DeadLetter(
                time,
                stream,
                code,
                text(reason),
                record.partition(),
                record.offset(),
                source,
                text(key),
                text(value),
                truncated);
    }

    /** PostgreSQL text cannot hold NUL: it is shown as U+FFFD, like bytes that are no UTF-8. */
    private static String text(String s) {
        return s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
    }
}

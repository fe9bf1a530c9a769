package io.pulseboard.aggregator.recent;

import java.time.Instant;

/**
 * Where a page of recent events ends: the place of its last (oldest) event in the order newest first
 * by received time, then partition and offset. As text {@code <received epoch ms>:<partition>:<offset>}.
 */
public record Cursor(Instant received, int partition, long offset) {

    public static Cursor of(StoredEvent e) {
        return new Cursor(e.received(), e.partition(), e.offset());
    }

    /** Reads a cursor from {@link #toString()}; an IllegalArgumentException says what is wrong. */
    public static Cursor parse(String text) {
        String[] parts = text.split(":", -1);
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            return new Cursor(
                    Instant.ofEpochMilli(Long.parseLong(parts[0])),
                    Integer.parseInt(parts[1]),
                    Long.parseLong(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + (text.length() > 64 ? text.substring(0, 64) + "…" : text)
                    + "' is not a cursor: give the 'next' of an earlier page");
        }
    }

    @Override
    public String toString() {
        return received.toEpochMilli() + ":" + partition + ":" + offset;
    }
}

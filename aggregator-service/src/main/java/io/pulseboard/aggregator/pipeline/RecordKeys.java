package io.pulseboard.aggregator.pipeline;

import io.pulseboard.model.validation.ParsedEvent;
import java.nio.charset.StandardCharsets;

/**
 * Records of {@code pulse.events} must be keyed by their event's stream: that is what puts every
 * event of a stream on one partition, so that one partition's state holds each stream-hour. A
 * record without a key, or keyed by another name (any raw Kafka producer can send one), would
 * count a stream on several partitions; it is rejected instead, and never counted.
 */
public final class RecordKeys {

    /** The field named in the rejection. */
    public static final String FIELD = "record key";

    /** How much of a foreign key a reason quotes. */
    private static final int QUOTED = 64;

    private RecordKeys() {}

    /** {@code parsed} (a valid event) if {@code key} is its stream, else a rejection that says why. */
    public static ParsedEvent check(byte[] key, ParsedEvent parsed) {
        String stream = parsed.event().stream();
        if (key == null) {
            return ParsedEvent.rejected(
                    FIELD,
                    "the record has no key; records of pulse.events must be keyed by " + "their event's stream ('"
                            + stream + "')");
        }
        if (!sameAscii(key, stream)) {
            return ParsedEvent.rejected(
                    FIELD,
                    "the record's key " + quote(key) + " is not the event's stream '" + stream
                            + "'; records of pulse.events must be keyed by their stream, so that one partition counts it");
        }
        return parsed;
    }

    /** Stream names are ASCII (validated), so a byte-wise comparison decides without decoding the key. */
    private static boolean sameAscii(byte[] key, String stream) {
        if (key.length != stream.length()) {
            return false;
        }
        for (int i = 0; i < key.length; i++) {
            if (key[i] != stream.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The key as a quoted, printable, bounded string (it may be any bytes). */
    static String quote(byte[] key) {
        if (key.length == 0) {
            return "'' (empty)";
        }
        int decoded = Math.min(key.length, QUOTED * 4);
        String text = new String(key, 0, decoded, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("'");
        int shown = Math.min(text.length(), QUOTED);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\'' || c == '\\') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('\'');
        boolean cut = shown < text.length() || decoded < key.length;
        return cut ? out + "... (" + key.length + " bytes)" : out.toString();
    }
}

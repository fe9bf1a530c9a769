package io.pulseboard.ingest.http;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.util.Locale;

/** How a request body holds its events: a JSON array (or one object), or one event per line. */
enum BodyFormat {
    JSON,
    NDJSON;

    private static final int SNIFF_LIMIT = 4096;

    /**
     * Picks the format from the content type; without a telling one (curl's default form type, for
     * example) the first non-blank character decides: {@code [} is a JSON array, anything else NDJSON.
     *
     * @throws UnsupportedBodyException for a content type that holds no events
     */
    static BodyFormat of(String contentType, BufferedInputStream body) throws IOException {
        String type =
                contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/json":
                return JSON;
            case "application/x-ndjson",
                    "application/ndjson",
                    "application/jsonl",
                    "application/jsonlines",
                    "application/x-jsonlines",
                    "text/plain":
                return NDJSON;
            case "", "application/x-www-form-urlencoded", "application/octet-stream":
                return firstSignificantByte(body) == '[' ? JSON : NDJSON;
            default:
                throw new UnsupportedBodyException(type);
        }
    }

    /** The first byte that is not whitespace or a UTF-8 byte order mark, leaving the stream unread. */
    static int firstSignificantByte(BufferedInputStream body) throws IOException {
        body.mark(SNIFF_LIMIT);
        try {
            for (int i = 0; i < SNIFF_LIMIT; i++) {
                int b = body.read();
                if (b == -1 || !(Character.isWhitespace(b) || b == 0xEF || b == 0xBB || b == 0xBF)) {
                    return b;
                }
            }
            return -1;
        } finally {
            body.reset();
        }
    }

    static final class UnsupportedBodyException extends RuntimeException {
        UnsupportedBodyException(String type) {
            super("content type '" + type + "' holds no events: send a JSON array or object as application/json,"
                    + " or one event per line as application/x-ndjson");
        }
    }
}

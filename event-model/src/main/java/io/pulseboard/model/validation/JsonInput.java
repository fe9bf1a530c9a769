package io.pulseboard.model.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/** How event input is read: one JSON factory for all of it, and what Jackson does not check. */
final class JsonInput {

    /**
     * NaN and Infinity are read as numbers so that the event checks reject them with the field they
     * are in. Streams belong to the caller and stay open.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private JsonInput() {}

    /**
     * Why input starting with these bytes is not UTF-8 JSON, or null. Jackson would otherwise
     * quietly decode UTF-16 and UTF-32, which it recognises by a zero byte or a byte order mark.
     */
    static String encodingProblem(byte[] bytes, int offset, int length) {
        if (length < 2) {
            return null;
        }
        int first = bytes[offset] & 0xff;
        int second = bytes[offset + 1] & 0xff;
        boolean utf16or32 =
                first == 0 || second == 0 || (first == 0xfe && second == 0xff) || (first == 0xff && second == 0xfe);
        return utf16or32 ? "the input is not UTF-8 (it looks like UTF-16 or UTF-32); send JSON in UTF-8" : null;
    }

    /** Where an error happened; Jackson leaves out the location of some limit errors. */
    static JsonLocation location(JsonProcessingException e, JsonParser json) {
        return e.getLocation() != null ? e.getLocation() : json.currentLocation();
    }
}

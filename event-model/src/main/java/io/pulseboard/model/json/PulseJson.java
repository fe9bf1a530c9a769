package io.pulseboard.model.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The JSON codec of the wire records. Field names, null handling and enum spellings are declared
 * on the records themselves, so any mapper given {@link #configure} writes the same JSON.
 *
 * <p>This reads trusted JSON (our own topics and APIs). Events from producers go through {@link
 * io.pulseboard.model.validation.EventParser}, which checks and explains every rule.
 */
public final class PulseJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private PulseJson() {}

    /** The shared mapper. Do not reconfigure it: every module relies on the same settings. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Applies the wire settings to a mapper owned by someone else (a Quarkus customizer). */
    public static ObjectMapper configure(ObjectMapper mapper) {
        // Characters outside the BMP as four UTF-8 bytes, not as two 6-byte escapes: the event size
        // limit applies to the serialized form, which must not triple for emoji.
        mapper.setConfig(mapper.getSerializationConfig().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8));
        return mapper.registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // The contract's numeric times are epoch milliseconds, not Jackson's default seconds.
                .disable(DeserializationFeature.READ_DATE_TIMESTAMPS_AS_NANOSECONDS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** UTF-8 JSON of the value; an {@link UncheckedIOException} if it cannot be written. */
    public static byte[] toBytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON text of the value; an {@link UncheckedIOException} if it cannot be written. */
    public static String toJson(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads UTF-8 JSON; an {@link UncheckedIOException} if it is not JSON of that type. */
    public static <T> T fromJson(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads JSON text; an {@link UncheckedIOException} if it is not JSON of that type. */
    public static <T> T fromJson(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

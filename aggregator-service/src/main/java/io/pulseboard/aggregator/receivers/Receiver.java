package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named notification receiver: where to POST (url, headers) and what (a payload template:
 * {@code generic}, {@code slack} or Qute text, see {@link PayloadTemplates}, with its content type).
 * Header values are write-only over the API: {@link #masked()} is what it shows.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receiver(
        String name,
        String url,
        Map<String, String> headers,
        String template,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        Long version) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final String NAME_RULE =
            "a lowercase letter or digit, then up to 63 lowercase letters, digits, _ or -";
    /** What the API shows instead of a header's value, and what a PUT may send back to keep it. */
    public static final String HIDDEN = "***";

    public static final String DEFAULT_CONTENT_TYPE = "application/json";

    public Receiver {
        headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
    }

    /** The receiver as the API shows it: header names with their values hidden. */
    public Receiver masked() {
        Map<String, String> hidden = new LinkedHashMap<>();
        headers.keySet().forEach(h -> hidden.put(h, HIDDEN));
        return new Receiver(name, url, hidden, template, contentType, createdAt, updatedAt, version);
    }
}

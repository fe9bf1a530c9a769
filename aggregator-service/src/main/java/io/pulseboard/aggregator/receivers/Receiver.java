package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pulseboard.aggregator.support.WrittenDurations;
import io.pulseboard.aggregator.webhooks.WebhookUrls;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named notification receiver: where to POST (url, headers) and what (a payload template:
 * {@code generic}, {@code slack} or Qute text, see {@link PayloadTemplates}, with its content type).
 * Its URL (whose path may hold a secret, as a Slack webhook's does) and header values are write-only
 * over the API: {@link #masked()} is what it shows.
 *
 * <p>Alerts sent to a receiver are grouped ({@link Grouper}): by the {@code group_by} keys, first sent
 * {@code group_wait} after the group began, changes at most every {@code group_interval}, a group
 * still firing again every {@code repeat_interval} ({@code 0s}: never). Durations are kept as written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Receiver(
        String name,
        String url,
        Map<String, String> headers,
        String template,
        @JsonProperty("content_type") String contentType,
        @JsonProperty("group_by") List<String> groupBy,
        @JsonProperty("group_wait") String groupWait,
        @JsonProperty("group_interval") String groupInterval,
        @JsonProperty("repeat_interval") String repeatInterval,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt,
        Long version) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final String NAME_RULE =
            "a lowercase letter or digit, then up to 63 lowercase letters, digits, _ or -";
    /** What the API shows instead of a header's value, and what a PUT may send back to keep it. */
    public static final String HIDDEN = "***";

    public static final String DEFAULT_CONTENT_TYPE = "application/json";

    public static final List<String> DEFAULT_GROUP_BY = List.of(GroupKeys.RULE_ID);
    public static final String DEFAULT_GROUP_WAIT = "10s";
    public static final String DEFAULT_GROUP_INTERVAL = "1m";
    public static final String DEFAULT_REPEAT_INTERVAL = "4h";

    public Receiver {
        headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
        groupBy = groupBy == null ? DEFAULT_GROUP_BY : List.copyOf(groupBy);
        groupWait = groupWait == null ? DEFAULT_GROUP_WAIT : groupWait;
        groupInterval = groupInterval == null ? DEFAULT_GROUP_INTERVAL : groupInterval;
        repeatInterval = repeatInterval == null ? DEFAULT_REPEAT_INTERVAL : repeatInterval;
    }

    /** How its alerts are grouped; the durations were checked when it was saved. */
    public Grouper.Settings grouping() {
        return new Grouper.Settings(
                groupBy,
                WrittenDurations.parse(groupWait),
                WrittenDurations.parse(groupInterval),
                WrittenDurations.parse(repeatInterval));
    }

    /**
     * The receiver as the API shows it: its URL masked ({@link WebhookUrls#masked}: scheme, host and
     * port), header names with their values hidden.
     */
    public Receiver masked() {
        Map<String, String> hidden = new LinkedHashMap<>();
        headers.keySet().forEach(h -> hidden.put(h, HIDDEN));
        return new Receiver(
                name,
                WebhookUrls.masked(url),
                hidden,
                template,
                contentType,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                createdAt,
                updatedAt,
                version);
    }
}

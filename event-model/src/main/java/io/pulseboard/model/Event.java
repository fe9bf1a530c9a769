package io.pulseboard.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;

/**
 * One event from a producer, the input of the pipeline.
 *
 * <p>Events from outside are built by {@link io.pulseboard.model.validation.EventParser}, which
 * checks every rule of the contract. This record only normalises: values and tags are never null,
 * keep their order and cannot be changed, and a missing status means {@link Status#OK}. {@code
 * message} is optional text for people (what went wrong, for an error).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(
        String stream,
        Instant time,
        Status status,
        @JsonProperty("error_type") String errorType,
        Map<String, Double> values,
        Map<String, String> tags,
        String message,
        String source,
        String id) {

    public Event {
        status = status == null ? Status.OK : status;
        values = OrderedMaps.copyOf(values);
        tags = OrderedMaps.copyOf(tags);
    }

    /** An event without a message. */
    public Event(
            String stream,
            Instant time,
            Status status,
            String errorType,
            Map<String, Double> values,
            Map<String, String> tags,
            String source,
            String id) {
        this(stream, time, status, errorType, values, tags, null, source, id);
    }

    /** This event with {@code source} instead of its own, everything else kept. */
    public Event withSource(String source) {
        return new Event(stream, time, status, errorType, values, tags, message, source, id);
    }
}

package io.pulseboard.gateway.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.gateway.routing.EventSample;
import io.pulseboard.gateway.routing.StateFrames;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.StreamNames;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a record of pulse.samples (design.md, "Recent events, the live feed and dead letters"): sampled events (a
 * batch, or one as older aggregators sent them) or a dead-letter notice. Anything else is an
 * {@link IllegalArgumentException} that says what is wrong; in a batch, each sample is read on its own, so a bad one
 * does not cost the others.
 */
final class SampleReader {

    /** A record read. */
    sealed interface Sample {}

    /** Sampled events, to route by their streams, and what was wrong with those that could not be read. */
    record Events(List<EventSample> samples, List<String> rejected) implements Sample {}

    /** A dead-letter notice, as the frame every {@code dead_letters} subscriber gets. */
    record DeadLetters(String frame) implements Sample {}

    private SampleReader() {}

    static Sample read(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("no value");
        }
        JsonNode sample;
        try {
            sample = PulseJson.mapper().readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: "
                    + (e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage()));
        }
        if (sample == null || !sample.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String type = text(sample, "type");
        return switch (type) {
            case "events" -> events(sample);
            case "event" -> new Events(List.of(event(sample)), List.of());
            case "dead_letters" -> new DeadLetters(deadLetters((ObjectNode) sample));
            default ->
                throw new IllegalArgumentException(
                        "type \"" + type + "\" is not \"events\", \"event\" or \"dead_letters\"");
        };
    }

    /** {@code {"type":"events","samples":[…]}}, each sample as {@link #event} reads it. */
    private static Events events(JsonNode batch) {
        JsonNode samples = batch.get("samples");
        if (samples == null || !samples.isArray()) {
            throw new IllegalArgumentException("no \"samples\" array");
        }
        List<EventSample> read = new ArrayList<>(samples.size());
        List<String> rejected = new ArrayList<>(0);
        for (int i = 0; i < samples.size(); i++) {
            try {
                if (!samples.get(i).isObject()) {
                    throw new IllegalArgumentException("not a JSON object");
                }
                read.add(event(samples.get(i)));
            } catch (IllegalArgumentException e) {
                rejected.add("samples[" + i + "]: " + e.getMessage());
            }
        }
        return new Events(read, rejected);
    }

    /** {@code {"ref","received","stream","event","skipped","skipped_errors"}} (and a {@code type} when alone). */
    private static EventSample event(JsonNode sample) {
        String stream = text(sample, "stream");
        if (!StreamNames.isValid(stream)) {
            throw new IllegalArgumentException("stream \"" + shorten(stream) + "\" is not a stream name");
        }
        text(sample, "ref");
        try {
            Instant.parse(text(sample, "received"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("received is not an ISO-8601 instant");
        }
        JsonNode event = sample.get("event");
        if (event == null || !event.isObject()) {
            throw new IllegalArgumentException("no \"event\" object");
        }
        if (!stream.equals(event.path("stream").asText())) {
            throw new IllegalArgumentException("the event's stream is not the sample's, " + stream);
        }
        long skipped = count(sample, "skipped");
        long skippedErrors = count(sample, "skipped_errors");
        if (skippedErrors > skipped) {
            throw new IllegalArgumentException("skipped_errors " + skippedErrors + " is more than skipped " + skipped);
        }
        // The RecentEvent as clients get it: without the sample's own fields.
        ObjectNode data = PulseJson.mapper().createObjectNode();
        for (String field : new String[] {"ref", "received", "stream", "event"}) {
            data.set(field, sample.get(field));
        }
        boolean error = "error".equals(event.path("status").asText());
        return new EventSample(stream, error, skipped, skippedErrors, data.toString());
    }

    /** {@code {"type":"dead_letters","count","by_reason","last"}}: the frame carries it without its type. */
    private static String deadLetters(ObjectNode notice) {
        count(notice, "count");
        JsonNode byReason = notice.get("by_reason");
        if (byReason == null || !byReason.isObject()) {
            throw new IllegalArgumentException("no \"by_reason\" object");
        }
        JsonNode last = notice.get("last");
        if (last != null && !last.isObject() && !last.isNull()) {
            throw new IllegalArgumentException("\"last\" is not an object");
        }
        notice.remove("type");
        return StateFrames.deadLetters(notice.toString());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no \"" + field + "\" string");
        }
        return value.asText();
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" is not a whole number from 0");
        }
        return value.asLong();
    }

    /** Text from the record quoted back in a message, cut to a readable length. */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }
}

package io.pulseboard.gateway.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.gateway.routing.Kind;
import io.pulseboard.model.json.PulseJson;
import io.pulseboard.model.validation.StreamGlob;
import io.pulseboard.model.validation.StreamNames;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A client message, read from a text frame; every way a frame can be wrong is a {@link FrameError}. */
sealed interface ClientRequest {

    /**
     * Adds subscriptions: names or globs, each for the given kinds; {@code have}: the revision the client
     * holds of each (stream, hour), as {@code stream@hour} with the hour as the gateway sends it.
     */
    record Subscribe(List<StreamGlob> streams, Set<Kind> kinds, Map<String, Long> have) implements ClientRequest {}

    /** Removes subscriptions by their names or globs as given. */
    record Unsubscribe(List<String> streams) implements ClientRequest {}

    record ListStreams() implements ClientRequest {}

    /** {@code ts} is echoed as given (any JSON value, or null). */
    record Ping(JsonNode ts) implements ClientRequest {}

    String TYPES = "subscribe, unsubscribe, list_streams or ping";

    /** The kinds a subscription may ask for, as an error message names them. */
    String KIND_NAMES = Kind.wireNames();

    /** The most (stream, hour)s one subscribe may name in {@code have}. */
    int MAX_HAVE = 5000;

    static ClientRequest parse(String text) throws FrameError {
        JsonNode frame;
        try {
            frame = PulseJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            // Limit errors (nesting deeper than Jackson reads, for one) come without a location.
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new FrameError(FrameError.BAD_JSON, "the frame is not JSON: " + e.getOriginalMessage() + where);
        }
        if (frame == null || !frame.isObject()) {
            throw new FrameError(FrameError.BAD_REQUEST, "a message is a JSON object with a \"type\": " + TYPES);
        }
        JsonNode type = frame.get("type");
        if (type == null || !type.isTextual()) {
            throw new FrameError(FrameError.BAD_REQUEST, "the message has no \"type\" string; use " + TYPES);
        }
        return switch (type.asText()) {
            case "subscribe" -> new Subscribe(globs(frame), kinds(frame), have(frame));
            case "unsubscribe" -> new Unsubscribe(names(frame));
            case "list_streams" -> new ListStreams();
            case "ping" -> new Ping(frame.get("ts"));
            default ->
                throw new FrameError(
                        FrameError.UNKNOWN_TYPE, "unknown message type \"" + type.asText() + "\"; use " + TYPES);
        };
    }

    private static List<String> names(JsonNode frame) throws FrameError {
        JsonNode streams = frame.get("streams");
        if (streams == null || !streams.isArray() || streams.isEmpty()) {
            throw new FrameError(
                    FrameError.BAD_REQUEST,
                    "\"streams\" must be a non-empty array of stream names or globs, for example [\"checkout.api\",\"llm.*\"]");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            JsonNode name = streams.get(i);
            if (!name.isTextual()) {
                throw new FrameError(
                        FrameError.BAD_REQUEST,
                        "streams[" + i + "] is " + name.getNodeType().name().toLowerCase() + ", not a string");
            }
            names.add(name.asText());
        }
        return names;
    }

    private static List<StreamGlob> globs(JsonNode frame) throws FrameError {
        List<String> names = names(frame);
        Map<String, StreamGlob> globs = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                globs.putIfAbsent(names.get(i), StreamGlob.compile(names.get(i)));
            } catch (IllegalArgumentException e) {
                throw new FrameError(FrameError.BAD_GLOB, "streams[" + i + "]: " + e.getMessage());
            }
        }
        return List.copyOf(globs.values());
    }

    /** {@code "have": {"checkout.api@2026-11-22T10:00:00Z": 57, ...}}, optional. */
    private static Map<String, Long> have(JsonNode frame) throws FrameError {
        JsonNode have = frame.get("have");
        if (have == null || have.isNull()) {
            return Map.of();
        }
        String shape = "\"have\" must be an object of \"<stream>@<hour>\": <revision>, for example "
                + "{\"checkout.api@2026-11-22T10:00:00Z\": 57}";
        if (!have.isObject()) {
            throw new FrameError(FrameError.BAD_REQUEST, shape);
        }
        if (have.size() > MAX_HAVE) {
            throw new FrameError(
                    FrameError.BAD_REQUEST, "\"have\" names " + have.size() + " hours; at most " + MAX_HAVE);
        }
        Map<String, Long> result = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = have.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String key = entry.getKey();
            int at = key.indexOf('@');
            String stream = at < 0 ? key : key.substring(0, at);
            if (at < 0 || !StreamNames.isValid(stream)) {
                throw new FrameError(
                        FrameError.BAD_REQUEST, "have: \"" + shorten(key) + "\" is not <stream>@<hour>; " + shape);
            }
            Instant hour;
            try {
                hour = Instant.parse(key.substring(at + 1));
            } catch (DateTimeParseException e) {
                throw new FrameError(
                        FrameError.BAD_REQUEST,
                        "have: \"" + shorten(key)
                                + "\": the hour is not an ISO-8601 instant such as 2026-11-22T10:00:00Z");
            }
            JsonNode revision = entry.getValue();
            if (!revision.canConvertToLong() || !revision.isIntegralNumber() || revision.asLong() < 0) {
                throw new FrameError(
                        FrameError.BAD_REQUEST,
                        "have: \"" + shorten(key) + "\" is " + shorten(revision.toString())
                                + "; a revision is a whole number from 0");
            }
            result.put(stream + "@" + hour, revision.asLong());
        }
        return result;
    }

    /** Client text quoted back in an error, cut to a readable length. */
    private static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "…";
    }

    private static Set<Kind> kinds(JsonNode frame) throws FrameError {
        JsonNode kinds = frame.get("kinds");
        if (kinds == null || kinds.isNull()) {
            return EnumSet.copyOf(Kind.DEFAULT);
        }
        if (!kinds.isArray() || kinds.isEmpty()) {
            throw new FrameError(FrameError.BAD_REQUEST, "\"kinds\" must be a non-empty array of " + KIND_NAMES);
        }
        Set<Kind> result = EnumSet.noneOf(Kind.class);
        for (int i = 0; i < kinds.size(); i++) {
            JsonNode kind = kinds.get(i);
            Kind known = Kind.fromWire(kind.asText()).orElse(null);
            if (!kind.isTextual() || known == null) {
                throw new FrameError(FrameError.BAD_REQUEST, "kinds[" + i + "] is " + kind + "; use " + KIND_NAMES);
            }
            result.add(known);
        }
        if (result.contains(Kind.EVENTS) && result.contains(Kind.ERRORS)) {
            throw new FrameError(
                    FrameError.BAD_REQUEST,
                    "\"kinds\" names both \"events\" and \"errors\"; ask for one: "
                            + "\"events\" has the errors too, \"errors\" only them");
        }
        return result;
    }
}

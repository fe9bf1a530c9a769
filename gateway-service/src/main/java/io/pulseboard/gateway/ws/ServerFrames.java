package io.pulseboard.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.pulseboard.gateway.routing.Kind;
import io.pulseboard.model.Alert;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** The JSON text of every message the gateway sends (design.md, "WebSocket protocol"). */
public final class ServerFrames {

    private ServerFrames() {
    }

    /** A state with its type: {@code {"type":"metrics","data":...}}. Records keep their field order. */
    private record Data(String type, Object data) {
    }

    public static String metrics(HourlyMetrics metrics) {
        return PulseJson.toJson(new Data("metrics", metrics));
    }

    /**
     * A live minute, {@code {"type":"minute","data":MinuteMetrics}}, around the minute's JSON as held, so that
     * a state is written to JSON once for its live frame and every snapshot.
     */
    public static String minute(String minuteJson) {
        return "{\"type\":\"minute\",\"data\":" + minuteJson + "}";
    }

    /** A stream's minutes snapshot, {@code {"type":"minutes","stream":"s","data":[MinuteMetrics, ...]}}, from their JSON. */
    public static String minutes(String stream, List<String> minuteJsons) {
        StringBuilder frame = new StringBuilder("{\"type\":\"minutes\",\"stream\":").append(TextNode.valueOf(stream))
                .append(",\"data\":[");
        for (int i = 0; i < minuteJsons.size(); i++) {
            frame.append(i == 0 ? "" : ",").append(minuteJsons.get(i));
        }
        return frame.append("]}").toString();
    }

    public static String alert(Alert alert) {
        return PulseJson.toJson(new Data("alert", alert));
    }

    static String welcome(String version, Collection<String> streams, Duration heartbeatInterval) {
        ObjectNode frame = typed("welcome");
        frame.put("server", "pulse-gateway");
        frame.put("version", version);
        names(frame.putArray("streams"), streams);
        frame.put("heartbeat_interval_ms", heartbeatInterval.toMillis());
        return frame.toString();
    }

    static String subscribed(Collection<String> streams, Collection<Kind> kinds) {
        ObjectNode frame = typed("subscribed");
        names(frame.putArray("streams"), streams);
        ArrayNode kindNames = frame.putArray("kinds");
        kinds.forEach(kind -> kindNames.add(kind.wireName()));
        return frame.toString();
    }

    static String unsubscribed(Collection<String> streams) {
        ObjectNode frame = typed("unsubscribed");
        names(frame.putArray("streams"), streams);
        return frame.toString();
    }

    static String streams(Collection<String> streams) {
        ObjectNode frame = typed("streams");
        names(frame.putArray("streams"), streams);
        return frame.toString();
    }

    static String pong(JsonNode ts) {
        ObjectNode frame = typed("pong");
        frame.set("ts", ts);
        return frame.toString();
    }

    static String heartbeat(Instant now) {
        ObjectNode frame = typed("heartbeat");
        frame.put("time", now.toString());
        return frame.toString();
    }

    static String error(String code, String message) {
        ObjectNode frame = typed("error");
        frame.put("code", code);
        frame.put("message", message);
        return frame.toString();
    }

    private static ObjectNode typed(String type) {
        ObjectNode frame = PulseJson.mapper().createObjectNode();
        frame.put("type", type);
        return frame;
    }

    private static void names(ArrayNode array, Collection<String> names) {
        names.forEach(array::add);
    }
}

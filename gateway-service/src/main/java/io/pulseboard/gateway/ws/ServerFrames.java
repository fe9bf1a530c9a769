package io.pulseboard.gateway.ws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pulseboard.gateway.routing.Kind;
import io.pulseboard.model.json.PulseJson;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/** The JSON text of the control messages the gateway sends (design.md, "WebSocket protocol"); states: {@code routing.StateFrames}. */
public final class ServerFrames {

    private ServerFrames() {}

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

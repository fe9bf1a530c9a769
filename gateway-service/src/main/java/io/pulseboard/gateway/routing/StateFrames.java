package io.pulseboard.gateway.routing;

import com.fasterxml.jackson.databind.node.TextNode;
import io.pulseboard.model.Alert;
import io.pulseboard.model.HourlyMetrics;
import io.pulseboard.model.json.PulseJson;
import java.util.List;

/**
 * The JSON text of the frames that carry states (design.md, "WebSocket protocol"): made once per
 * state, when it is read, and queued as is to every subscriber. The control frames are in {@code
 * ws.ServerFrames}.
 */
public final class StateFrames {

    private StateFrames() {}

    /** A state with its type: {@code {"type":"metrics","data":...}}. Records keep their field order. */
    private record Data(String type, Object data) {}

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
        StringBuilder frame = new StringBuilder("{\"type\":\"minutes\",\"stream\":")
                .append(TextNode.valueOf(stream))
                .append(",\"data\":[");
        for (int i = 0; i < minuteJsons.size(); i++) {
            frame.append(i == 0 ? "" : ",").append(minuteJsons.get(i));
        }
        return frame.append("]}").toString();
    }

    /** A live event, {@code {"type":"event","data":RecentEvent,"skipped":n}}, around the RecentEvent's JSON as read. */
    public static String event(String recentEventJson, long skipped) {
        return "{\"type\":\"event\",\"data\":" + recentEventJson + ",\"skipped\":" + skipped + "}";
    }

    /** A dead-letter notice, {@code {"type":"dead_letters","data":notice}}, around the notice's JSON (without its type). */
    public static String deadLetters(String noticeJson) {
        return "{\"type\":\"dead_letters\",\"data\":" + noticeJson + "}";
    }

    public static String alert(Alert alert) {
        return PulseJson.toJson(new Data("alert", alert));
    }
}

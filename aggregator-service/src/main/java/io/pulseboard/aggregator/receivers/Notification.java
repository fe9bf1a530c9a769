package io.pulseboard.aggregator.receivers;

import java.util.Map;

/**
 * One call to make for an alert change: where, with which headers, and the payload. {@code receiver}
 * names the receiver it comes from (null for a rule's plain webhook); header values may be secret and
 * are never logged.
 */
public record Notification(String receiver, String url, Map<String, String> headers, String contentType, byte[] body) {

    public Notification {
        headers = Map.copyOf(headers);
    }

    /** For logs: the receiver's name and URL, or the URL. */
    public String target() {
        return receiver == null ? url : "receiver " + receiver + " (" + url + ")";
    }
}

package io.pulseboard.aggregator.receivers;

import io.pulseboard.aggregator.webhooks.WebhookUrls;
import java.util.Map;

/**
 * One call to make for an alert change: where, with which headers, and the payload. {@code receiver}
 * names the receiver it comes from (null for a rule's plain webhook); header values may be secret and
 * are never logged, nor is the URL's path or query (only {@link #target()}).
 */
public record Notification(String receiver, String url, Map<String, String> headers, String contentType, byte[] body) {

    public Notification {
        headers = Map.copyOf(headers);
    }

    /** For logs: the receiver's name and masked URL, or the masked URL (its path may hold a secret). */
    public String target() {
        String masked = WebhookUrls.masked(url);
        return receiver == null ? masked : "receiver " + receiver + " (" + masked + ")";
    }
}

package io.pulseboard.aggregator.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** The form of a notification URL (a rule's webhook, a receiver's url), before its target is checked. */
public final class WebhookUrls {

    public static final int MAX_LENGTH = 2048;

    private WebhookUrls() {}

    /**
     * The URL as a URI: an absolute http or https URL with a host and without user name or password.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static URI parse(String url) {
        if (url.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "is " + url.length() + " characters long; at most " + MAX_LENGTH + " are allowed");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(
                    "'" + url + "' is no valid URL: " + e.getReason() + " at " + e.getIndex());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "'" + url + "' is no http(s) URL: it must start with http:// or https://");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            // It would be sent to the target in clear, and stored and shown with the rule or receiver.
            throw new IllegalArgumentException("must not hold a user name or password (user@host)");
        }
        return uri;
    }
}

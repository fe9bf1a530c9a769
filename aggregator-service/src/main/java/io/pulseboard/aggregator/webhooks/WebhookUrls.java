package io.pulseboard.aggregator.webhooks;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The form of a notification URL (a rule's webhook, a receiver's url), before its target is checked,
 * and its masked form: a URL's path and query may carry a secret (a Slack webhook's does), so logs and
 * the receivers API show only its scheme, host and port.
 */
public final class WebhookUrls {

    public static final int MAX_LENGTH = 2048;
    /** What stands for the hidden parts of a masked URL. */
    public static final String HIDDEN = "***";

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

    /**
     * The URL with everything that may be secret hidden: {@code scheme://host[:port]/***}, and
     * {@code scheme://***@host...} if it holds a user name or password. Path, query and fragment are
     * always replaced by {@code /***}, even when there are none, so the form does not tell whether
     * they exist. Null stays null; a text that is no URL with a host shows as {@code scheme://***}
     * or {@code ***}. Applying it again changes nothing.
     */
    public static String masked(String url) {
        if (url == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            return HIDDEN;
        }
        String scheme = uri.getScheme();
        if (scheme == null || uri.isOpaque()) {
            return HIDDEN;
        }
        StringBuilder masked = new StringBuilder(scheme.toLowerCase(Locale.ROOT)).append("://");
        if (uri.getHost() == null) {
            return masked.append(HIDDEN).toString();
        }
        if (uri.getRawUserInfo() != null) {
            masked.append(HIDDEN).append('@');
        }
        masked.append(uri.getHost());
        if (uri.getPort() != -1) {
            masked.append(':').append(uri.getPort());
        }
        return masked.append('/').append(HIDDEN).toString();
    }

    /** Whether the text is a masked URL (as {@link #masked} writes it), not one that can be called. */
    public static boolean isMasked(String url) {
        return url != null && url.trim().equals(masked(url));
    }
}

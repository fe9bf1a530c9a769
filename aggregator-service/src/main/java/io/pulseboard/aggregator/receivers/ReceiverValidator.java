package io.pulseboard.aggregator.receivers;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.support.WrittenDurations;
import io.pulseboard.aggregator.webhooks.WebhookUrls;
import io.pulseboard.model.Durations;
import io.pulseboard.model.Problem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks a receiver and says, field by field, everything that is wrong with it. */
final class ReceiverValidator {

    static final int MAX_HEADERS = 20;
    static final int MAX_HEADER_VALUE = 4096;
    static final int MAX_CONTENT_TYPE = 200;
    static final Duration MAX_GROUP_WAIT = Duration.ofHours(1);
    static final Duration MAX_GROUP_INTERVAL = Duration.ofDays(1);
    static final Duration MAX_REPEAT_INTERVAL = Duration.ofDays(30);
    /** An HTTP token (RFC 9110), at most 100 characters. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}");
    /** Headers the HTTP client sets itself; the content type is its own field. */
    private static final Set<String> RESERVED =
            Set.of("connection", "content-length", "content-type", "expect", "host", "upgrade", "transfer-encoding");

    private static final Pattern CONTENT_TYPE =
            Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;\\s*[^\\p{Cntrl}]*)?");

    private ReceiverValidator() {}

    /**
     * The receiver the input describes (without times and version), or a 400 problem listing every
     * mistake. {@code name}: the path's name on PUT (null on POST); {@code stored}: the stored
     * receiver on PUT (a header sent without a value keeps its value there, and the URL is kept if
     * left out or sent masked as read, see {@link #url}); {@code urlRefusal}: why the URL's target may
     * not be called, or null.
     */
    static Receiver validate(
            ReceiverInput in, String name, Receiver stored, String urlRefusal, PayloadTemplates templates) {
        List<ReceiverFieldError> errors = new ArrayList<>();
        String n = trim(in.name());
        if (name != null) {
            if (n != null && !n.equals(name)) {
                errors.add(ReceiverFieldError.of(
                        "name",
                        "is '" + n + "' but the path names receiver '" + name + "': a receiver cannot be renamed"));
            }
            n = name;
        } else if (n == null || n.isEmpty()) {
            errors.add(ReceiverFieldError.of("name", "is required: " + Receiver.NAME_RULE));
        } else if (!Receiver.NAME.matcher(n).matches()) {
            errors.add(ReceiverFieldError.of("name", "'" + n + "' is no receiver name: " + Receiver.NAME_RULE));
        }

        String url = url(in, stored);
        if (url == null || url.isEmpty()) {
            errors.add(ReceiverFieldError.of("url", "is required: the http(s) URL to POST notifications to"));
        } else if (WebhookUrls.isMasked(url)) {
            errors.add(ReceiverFieldError.of(
                    "url",
                    "is a masked URL (" + WebhookUrls.HIDDEN + " hides its path): send the full URL"
                            + (stored == null
                                    ? ""
                                    : ", or " + WebhookUrls.masked(stored.url())
                                            + " exactly as read (or no url) to keep the stored one")));
        } else {
            try {
                WebhookUrls.parse(url);
                if (urlRefusal != null) {
                    errors.add(ReceiverFieldError.of("url", urlRefusal));
                }
            } catch (IllegalArgumentException e) {
                errors.add(ReceiverFieldError.of("url", e.getMessage()));
            }
        }

        Map<String, String> headers = headers(in.headers(), stored == null ? null : stored.headers(), errors);

        String template = in.template() == null || in.template().isBlank() ? PayloadTemplates.GENERIC : in.template();
        if (PayloadTemplates.builtIn(template.trim()) != null) {
            template = template.trim();
        }
        if (template.length() > PayloadTemplates.MAX_TEMPLATE) {
            errors.add(ReceiverFieldError.of(
                    "template",
                    "is " + template.length() + " characters long; at most " + PayloadTemplates.MAX_TEMPLATE
                            + " are allowed"));
        } else {
            try {
                templates.compile(template);
            } catch (PayloadTemplates.InvalidTemplate e) {
                errors.add(new ReceiverFieldError("template", e.getMessage(), e.line(), e.column()));
            }
        }

        String contentType = trim(in.contentType());
        if (contentType == null || contentType.isEmpty()) {
            contentType = Receiver.DEFAULT_CONTENT_TYPE;
        } else if (contentType.length() > MAX_CONTENT_TYPE
                || !CONTENT_TYPE.matcher(contentType).matches()) {
            errors.add(ReceiverFieldError.of(
                    "content_type", "'" + contentType + "' is no media type (type/subtype, such as application/json)"));
        }

        List<String> groupBy = groupBy(in.groupBy(), errors);
        String groupWait = duration(
                "group_wait", in.groupWait(), Receiver.DEFAULT_GROUP_WAIT, Duration.ZERO, MAX_GROUP_WAIT, errors);
        String groupInterval = duration(
                "group_interval",
                in.groupInterval(),
                Receiver.DEFAULT_GROUP_INTERVAL,
                Duration.ofSeconds(1),
                MAX_GROUP_INTERVAL,
                errors);
        String repeatInterval = duration(
                "repeat_interval",
                in.repeatInterval(),
                Receiver.DEFAULT_REPEAT_INTERVAL,
                Duration.ZERO,
                MAX_REPEAT_INTERVAL,
                errors);

        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new Receiver(
                n,
                url,
                headers,
                template,
                contentType,
                groupBy,
                groupWait,
                groupInterval,
                repeatInterval,
                null,
                null,
                null);
    }

    /**
     * The URL the receiver is to have: on PUT ({@code stored} not null) a URL left out or sent back
     * masked exactly as read keeps the stored one; otherwise the URL sent, trimmed (null if none).
     */
    static String url(ReceiverInput in, Receiver stored) {
        String url = trim(in.url());
        if (stored != null && (url == null || url.equals(WebhookUrls.masked(stored.url())))) {
            return stored.url();
        }
        return url;
    }

    private static List<String> groupBy(List<String> given, List<ReceiverFieldError> errors) {
        if (given == null) {
            return Receiver.DEFAULT_GROUP_BY;
        }
        if (given.size() > GroupKeys.MAX_KEYS) {
            errors.add(ReceiverFieldError.of(
                    "group_by", "has " + given.size() + " keys; at most " + GroupKeys.MAX_KEYS + " are allowed"));
            return given;
        }
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String key = given.get(i);
            if (!GroupKeys.valid(key)) {
                errors.add(ReceiverFieldError.of(
                        "group_by[" + i + "]", "'" + key + "' is no group key: " + GroupKeys.RULE));
            } else if (!seen.add(key)) {
                errors.add(ReceiverFieldError.of("group_by[" + i + "]", "'" + key + "' is given twice"));
            }
        }
        return given;
    }

    /** The duration as written (trimmed), or {@code absent}; an error if it is no duration or out of range. */
    private static String duration(
            String field, String given, String absent, Duration min, Duration max, List<ReceiverFieldError> errors) {
        if (given == null || given.isBlank()) {
            return absent;
        }
        String text = given.trim();
        try {
            Duration d = WrittenDurations.parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                errors.add(ReceiverFieldError.of(
                        field,
                        "is " + text + "; it must be from " + Durations.describe(min) + " to " + Durations.describe(max)
                                + (field.equals("repeat_interval") ? " (0s: never repeat)" : "")));
            }
        } catch (IllegalArgumentException e) {
            errors.add(ReceiverFieldError.of(field, e.getMessage()));
        }
        return text;
    }

    private static Map<String, String> headers(
            Map<String, String> given, Map<String, String> stored, List<ReceiverFieldError> errors) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (given == null) {
            return headers;
        }
        if (given.size() > MAX_HEADERS) {
            errors.add(ReceiverFieldError.of(
                    "headers", "has " + given.size() + " headers; at most " + MAX_HEADERS + " are allowed"));
            return headers;
        }
        Set<String> seen = new java.util.HashSet<>();
        given.forEach((name, value) -> {
            String field = "headers." + name;
            String lower = name.toLowerCase(Locale.ROOT);
            if (!HEADER_NAME.matcher(name).matches()) {
                errors.add(ReceiverFieldError.of(field, "invalid header name: letters, digits and !#$%&'*+.^_`|~-"));
                return;
            }
            if (RESERVED.contains(lower)) {
                errors.add(ReceiverFieldError.of(
                        field,
                        "is set by the server"
                                + (lower.equals("content-type") ? ": use the receiver's content_type" : "")));
                return;
            }
            if (!seen.add(lower)) {
                errors.add(ReceiverFieldError.of(field, "is given twice (header names ignore case)"));
                return;
            }
            if (value == null || value.equals(Receiver.HIDDEN)) {
                String kept = stored == null ? null : storedValue(stored, name);
                if (kept == null) {
                    errors.add(ReceiverFieldError.of(
                            field, "has no value: only a header already stored keeps its value when sent without one"));
                } else {
                    headers.put(name, kept);
                }
                return;
            }
            if (value.length() > MAX_HEADER_VALUE) {
                errors.add(ReceiverFieldError.of(
                        field,
                        "is " + value.length() + " characters long; at most " + MAX_HEADER_VALUE + " are allowed"));
            } else if (value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                errors.add(ReceiverFieldError.of(field, "holds a control character (a line break, say)"));
            } else {
                headers.put(name, value);
            }
        });
        return headers;
    }

    private static String storedValue(Map<String, String> stored, String name) {
        return stored.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    static ApiException invalid(List<ReceiverFieldError> errors) {
        String detail = (errors.size() == 1
                        ? "the receiver has 1 problem: "
                        : "the receiver has " + errors.size() + " problems: ")
                + errors.stream().map(ReceiverFieldError::toString).collect(Collectors.joining("; "));
        return new ApiException(Problem.of(400, "Invalid receiver", detail).with("errors", List.copyOf(errors)));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }
}

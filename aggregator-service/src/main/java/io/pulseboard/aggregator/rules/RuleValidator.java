package io.pulseboard.aggregator.rules;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.receivers.Receiver;
import io.pulseboard.aggregator.support.WrittenDurations;
import io.pulseboard.aggregator.webhooks.WebhookUrls;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Problem;
import io.pulseboard.model.Severity;
import io.pulseboard.model.validation.StreamGlob;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks a rule and says, field by field, everything that is wrong with it. */
public final class RuleValidator {

    public static final Duration MIN_WINDOW = Duration.ofMinutes(1);
    /** Windows up to this long are made of minute buckets; longer ones are whole hours. */
    public static final Duration MAX_MINUTE_WINDOW = Duration.ofMinutes(60);

    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    /**
     * The longest offset of a minute window: its earlier minutes are read from the stored minute
     * rows, which are kept 48 hours by default.
     */
    public static final Duration MAX_MINUTE_WINDOW_OFFSET = Duration.ofHours(24);
    /** The longest {@code for} and {@code keep_firing_for}. */
    public static final Duration MAX_HOLD = Duration.ofHours(24);

    static final int MAX_NAME = 200;
    static final int MAX_DESCRIPTION = 2000;
    static final int MAX_LABELS = 16;
    static final int MAX_LABEL_VALUE = 256;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private RuleValidator() {}

    /**
     * The rule the input describes (without id, times and version), or a 400 problem listing every
     * mistake in its {@code errors} (field, message, and for expressions the position).
     * {@code webhookRefusal}: why the webhook's target may not be called (see
     * {@link io.pulseboard.aggregator.webhooks.WebhookTargets}), or null.
     */
    public static AlertRule validate(RuleInput in, String webhookRefusal) {
        return validate(in, webhookRefusal, true);
    }

    /** As {@link #validate(RuleInput, String)}; {@code receiverKnown}: whether the named receiver exists. */
    public static AlertRule validate(RuleInput in, String webhookRefusal, boolean receiverKnown) {
        List<FieldError> errors = new ArrayList<>();
        Severity severity = null;
        if (in.severity() == null) {
            errors.add(FieldError.of("severity", "is required: one of " + severities()));
        } else {
            try {
                severity = Severity.valueOf(in.severity().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of(
                        "severity", "unknown severity '" + in.severity() + "': use one of " + severities()));
            }
        }
        AlertRule rule = new AlertRule(
                null,
                trim(in.name()),
                trim(in.stream()),
                trim(in.expr()),
                trim(in.window()),
                trim(in.forDuration()),
                trim(in.keepFiringFor()),
                blankToNull(trim(in.resolve())),
                severity,
                in.enabled(),
                in.description(),
                in.labels(),
                blankToNull(trim(in.webhook())),
                blankToNull(trim(in.receiver())),
                null,
                null,
                null);
        errors.addAll(check(rule));
        if (webhookRefusal != null && errors.stream().noneMatch(e -> e.field().equals("webhook"))) {
            errors.add(FieldError.of("webhook", webhookRefusal));
        }
        if (!receiverKnown && errors.stream().noneMatch(e -> e.field().equals("receiver"))) {
            errors.add(FieldError.of(
                    "receiver", "no receiver named '" + rule.receiver() + "': create it first (POST /api/receivers)"));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return rule;
    }

    /** Everything wrong with a rule's fields (the severity is already an enum here); empty if none. */
    static List<FieldError> check(AlertRule r) {
        List<FieldError> errors = new ArrayList<>();
        if (r.name() == null || r.name().isBlank()) {
            errors.add(FieldError.of("name", "is required"));
        } else if (r.name().length() > MAX_NAME) {
            errors.add(FieldError.of(
                    "name", "is " + r.name().length() + " characters long; at most " + MAX_NAME + " are allowed"));
        }
        if (r.stream() == null) {
            errors.add(FieldError.of("stream", "is required: a stream name or a glob (checkout.*, llm.**)"));
        } else {
            attempt(() -> StreamGlob.compile(r.stream()), "stream", errors);
        }
        Duration window = null;
        String windowError = null;
        try {
            window = window(r.window());
        } catch (IllegalArgumentException e) {
            windowError = e.getMessage();
        }
        if (r.expr() == null) {
            errors.add(
                    FieldError.of(
                            "expr",
                            "is required: a condition, for example p95(latency_ms) > 500 or errors / count > 0.05 and count > 100"));
        } else {
            expression("expr", r.expr(), window, errors);
        }
        if (r.resolve() != null) {
            expression("resolve", r.resolve(), window, errors);
        }
        if (windowError != null) {
            errors.add(FieldError.of("window", windowError));
        }
        hold("for", r.forDuration(), errors);
        hold("keep_firing_for", r.keepFiringFor(), errors);
        if (r.description() != null && r.description().length() > MAX_DESCRIPTION) {
            errors.add(FieldError.of(
                    "description",
                    "is " + r.description().length() + " characters long; at most " + MAX_DESCRIPTION
                            + " are allowed"));
        }
        labels(r.labels(), errors);
        if (r.webhook() != null) {
            attempt(() -> webhook(r.webhook()), "webhook", errors);
        }
        if (r.receiver() != null) {
            if (r.webhook() != null) {
                errors.add(FieldError.of(
                        "receiver", "a rule names a receiver or has a webhook, not both: remove one of them"));
            } else if (!Receiver.NAME.matcher(r.receiver()).matches()) {
                errors.add(
                        FieldError.of("receiver", "'" + r.receiver() + "' is no receiver name: " + Receiver.NAME_RULE));
            }
        }
        return errors;
    }

    /** The webhook as a URI: an absolute http or https URL with a host and without user name or password. */
    public static URI webhook(String url) {
        return WebhookUrls.parse(url);
    }

    public static ApiException invalid(List<FieldError> errors) {
        String detail =
                (errors.size() == 1 ? "the rule has 1 problem: " : "the rule has " + errors.size() + " problems: ")
                        + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        return new ApiException(Problem.of(400, "Invalid rule", detail).with("errors", List.copyOf(errors)));
    }

    /**
     * A rule's window: whole minutes from 1m to 60m (made of minute buckets), or whole hours from 2h
     * to 7d (made of hourly rows and the live hour).
     */
    public static Duration window(String text) {
        Duration w = WrittenDurations.parse(text);
        if (w.toSeconds() % 60 != 0 || w.compareTo(MIN_WINDOW) < 0 || w.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("'" + text + "' is out of range: a window is 1m to 60m, or 2h to 7d");
        }
        if (w.compareTo(MAX_MINUTE_WINDOW) > 0 && w.toMinutes() % 60 != 0) {
            throw new IllegalArgumentException("'" + text + "': a window over 60m is whole hours (2h to 7d, 24h, 1d)");
        }
        return w;
    }

    private static void expression(String field, String text, Duration window, List<FieldError> errors) {
        Expr.Condition condition;
        try {
            condition = ExprParser.parse(text);
        } catch (ExprParser.ExprException e) {
            errors.add(new FieldError(field, e.getMessage(), e.position()));
            return;
        }
        if (window == null) {
            return;
        }
        for (Duration offset : condition.offsets()) {
            String spelled = "offset " + WrittenDurations.format(offset);
            if (window.compareTo(MAX_MINUTE_WINDOW) <= 0 && offset.compareTo(MAX_MINUTE_WINDOW_OFFSET) > 0) {
                errors.add(FieldError.of(
                        field,
                        "'" + spelled + "' is too far back for a window of " + WrittenDurations.format(window)
                                + ": a window up to 60m takes offsets up to 24h (its minutes are kept 48h)"));
            } else if (window.compareTo(MAX_MINUTE_WINDOW) > 0 && offset.toMinutes() % 60 != 0) {
                errors.add(FieldError.of(
                        field,
                        "'" + spelled + "' does not fit a window of " + WrittenDurations.format(window)
                                + ": a window over 60m is whole hours, and so are its offsets"));
            }
        }
    }

    private static void hold(String field, String text, List<FieldError> errors) {
        if (text == null) {
            return;
        }
        attempt(
                () -> {
                    if (WrittenDurations.parse(text).compareTo(MAX_HOLD) > 0) {
                        throw new IllegalArgumentException("'" + text + "' is out of range: at most 24h");
                    }
                },
                field,
                errors);
    }

    private static void labels(Map<String, String> labels, List<FieldError> errors) {
        if (labels.size() > MAX_LABELS) {
            errors.add(FieldError.of(
                    "labels", "has " + labels.size() + " labels; at most " + MAX_LABELS + " are allowed"));
        }
        labels.forEach((k, v) -> {
            if (!LABEL_NAME.matcher(k).matches()) {
                errors.add(FieldError.of(
                        "labels." + k,
                        "invalid label name: a lowercase letter, then up to 63 lowercase letters, digits or _"));
            } else if (v == null) {
                errors.add(FieldError.of("labels." + k, "has no value"));
            } else if (v.length() > MAX_LABEL_VALUE) {
                errors.add(FieldError.of(
                        "labels." + k,
                        "is " + v.length() + " characters long; at most " + MAX_LABEL_VALUE + " are allowed"));
            }
        });
    }

    private static void attempt(Runnable check, String field, List<FieldError> errors) {
        try {
            check.run();
        } catch (IllegalArgumentException e) {
            errors.add(FieldError.of(field, e.getMessage()));
        }
    }

    private static String severities() {
        return Arrays.stream(Severity.values()).map(Severity::jsonName).collect(Collectors.joining(", "));
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

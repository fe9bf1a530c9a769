package io.pulseboard.aggregator.silences;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.rules.FieldError;
import io.pulseboard.model.Problem;
import io.pulseboard.model.Severity;
import io.pulseboard.model.validation.StreamGlob;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The body of {@code POST /api/silences}, read strictly from the JSON tree: an unknown field (at the
 * top or in {@code matchers}) is refused, and every mistake is listed with its field, in one 400.
 */
public record SilenceRequest(
        SilenceMatchers matchers, Instant startsAt, Instant endsAt, String createdBy, String comment) {

    static final Set<String> FIELDS = Set.of("matchers", "starts_at", "ends_at", "created_by", "comment");
    static final Set<String> MATCHER_FIELDS = Set.of("rule_id", "stream", "severity", "labels");
    static final int MAX_BY = 128;
    static final int MAX_COMMENT = 2000;
    static final int MAX_RULE_ID = 128;
    static final int MAX_LABELS = 16;
    static final int MAX_LABEL_VALUE = 256;
    private static final Pattern LABEL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    /**
     * The request in {@code body}, checked against {@code now} (starts_at defaults to it) and the
     * longest allowed silence; throws a 400 listing every problem.
     */
    static SilenceRequest read(JsonNode body, Instant now, Duration maxDuration) {
        if (body == null || body.isNull() || body.isMissingNode() || !body.isObject()) {
            throw ApiException.badRequest("the body must be a silence as a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        unknown(body, "", FIELDS, errors);

        SilenceMatchers matchers = null;
        JsonNode m = body.get("matchers");
        if (m == null || m.isNull()) {
            errors.add(FieldError.of("matchers", "is required: at least one of " + sorted(MATCHER_FIELDS)));
        } else if (!m.isObject()) {
            errors.add(FieldError.of("matchers", "must be an object with " + sorted(MATCHER_FIELDS)));
        } else {
            matchers = matchers(m, errors);
        }

        Instant startsAt = instant(body, "starts_at", errors);
        Instant endsAt = instant(body, "ends_at", errors);
        String createdBy = text(body, "created_by", MAX_BY, true, errors);
        String comment = text(body, "comment", MAX_COMMENT, true, errors);

        Instant start = startsAt == null ? now : startsAt;
        if (endsAt == null) {
            if (!body.hasNonNull("ends_at")) {
                errors.add(FieldError.of("ends_at", "is required: when the silence ends (ISO-8601)"));
            }
        } else if (!endsAt.isAfter(start)) {
            errors.add(FieldError.of("ends_at", "must be after starts_at (" + start + ")"));
        } else if (!endsAt.isAfter(now)) {
            errors.add(FieldError.of("ends_at", "is in the past; a silence must end after now (" + now + ")"));
        } else if (endsAt.isAfter(now.plus(maxDuration))) {
            errors.add(FieldError.of(
                    "ends_at",
                    "is more than " + maxDuration + " ahead (pulse.silences.max-duration); end it by "
                            + now.plus(maxDuration)));
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return new SilenceRequest(
                matchers,
                start.truncatedTo(ChronoUnit.MICROS),
                endsAt.truncatedTo(ChronoUnit.MICROS),
                createdBy,
                comment);
    }

    static ApiException invalid(List<FieldError> errors) {
        String detail = (errors.size() == 1
                        ? "the silence has 1 problem: "
                        : "the silence has " + errors.size() + " problems: ")
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        return new ApiException(Problem.of(400, "Invalid silence", detail).with("errors", List.copyOf(errors)));
    }

    private static SilenceMatchers matchers(JsonNode m, List<FieldError> errors) {
        unknown(m, "matchers.", MATCHER_FIELDS, errors);
        int before = errors.size();
        String ruleId = text(m, "rule_id", MAX_RULE_ID, false, errors, "matchers.rule_id");
        String stream = text(m, "stream", 512, false, errors, "matchers.stream");
        if (stream != null) {
            try {
                StreamGlob.compile(stream);
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of("matchers.stream", e.getMessage()));
            }
        }
        Severity severity = null;
        String sev = text(m, "severity", 32, false, errors, "matchers.severity");
        if (sev != null) {
            try {
                severity = Severity.valueOf(sev.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                errors.add(FieldError.of(
                        "matchers.severity",
                        "'" + sev + "' is unknown: use "
                                + Arrays.stream(Severity.values())
                                        .map(Severity::jsonName)
                                        .collect(Collectors.joining(", "))));
            }
        }
        Map<String, String> labels = labels(m.get("labels"), errors);
        SilenceMatchers matchers = new SilenceMatchers(ruleId, stream, severity, labels);
        if (errors.size() == before && matchers.isEmpty()) {
            errors.add(FieldError.of(
                    "matchers",
                    "needs at least one of " + sorted(MATCHER_FIELDS) + " (a silence of everything is refused)"));
        }
        return matchers;
    }

    private static Map<String, String> labels(JsonNode node, List<FieldError> errors) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return labels;
        }
        if (!node.isObject()) {
            errors.add(FieldError.of("matchers.labels", "must be an object of label names to values"));
            return labels;
        }
        if (node.size() > MAX_LABELS) {
            errors.add(FieldError.of(
                    "matchers.labels", "has " + node.size() + " labels; at most " + MAX_LABELS + " are allowed"));
        }
        node.fields().forEachRemaining(e -> {
            String field = "matchers.labels." + e.getKey();
            if (!LABEL_NAME.matcher(e.getKey()).matches()) {
                errors.add(FieldError.of(
                        field, "invalid label name: a lowercase letter, then up to 63 lowercase letters, digits or _"));
            } else if (!e.getValue().isTextual()) {
                errors.add(FieldError.of(field, "must be a string"));
            } else if (e.getValue().asText().length() > MAX_LABEL_VALUE) {
                errors.add(FieldError.of(field, "is longer than " + MAX_LABEL_VALUE + " characters"));
            } else {
                labels.put(e.getKey(), e.getValue().asText());
            }
        });
        return labels;
    }

    private static void unknown(JsonNode node, String prefix, Set<String> known, List<FieldError> errors) {
        node.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                errors.add(FieldError.of(prefix + name, "unknown field; the fields are " + sorted(known)));
            }
        });
    }

    private static String text(JsonNode node, String name, int max, boolean required, List<FieldError> errors) {
        return text(node, name, max, required, errors, name);
    }

    private static String text(
            JsonNode node, String name, int max, boolean required, List<FieldError> errors, String field) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(FieldError.of(field, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(FieldError.of(field, "must be a string"));
            return null;
        }
        String text = v.asText().trim();
        if (text.isEmpty()) {
            errors.add(
                    FieldError.of(field, required ? "is required" : "must not be empty (leave it out to match any)"));
            return null;
        }
        if (text.length() > max) {
            errors.add(
                    FieldError.of(field, "is " + text.length() + " characters long; at most " + max + " are allowed"));
            return null;
        }
        return text;
    }

    private static Instant instant(JsonNode node, String field, List<FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            errors.add(FieldError.of(field, "must be an ISO-8601 time as a string (2026-11-22T10:00:00Z)"));
            return null;
        }
        try {
            return Instant.parse(v.asText().trim());
        } catch (DateTimeParseException e) {
            errors.add(FieldError.of(field, "'" + v.asText() + "' is no time: use ISO-8601 (2026-11-22T10:00:00Z)"));
            return null;
        }
    }

    private static String sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.joining(", "));
    }
}

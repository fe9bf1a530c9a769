package io.pulseboard.aggregator.receivers;

import io.pulseboard.model.Alert;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The keys a receiver groups alerts by: {@code rule_id}, {@code severity}, {@code stream} and
 * {@code labels.<name>}. Alerts with the same values of every key form one group; a label an alert
 * lacks has the value "".
 */
final class GroupKeys {

    static final String RULE_ID = "rule_id";
    static final String SEVERITY = "severity";
    static final String STREAM = "stream";
    static final String LABELS = "labels.";
    static final int MAX_KEYS = 10;
    static final String RULE =
            "rule_id, severity, stream, or labels.<name> (a label name as rules write it: a lowercase letter, then lowercase letters, digits or _)";

    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private GroupKeys() {}

    static boolean valid(String key) {
        return key != null
                && (key.equals(RULE_ID)
                        || key.equals(SEVERITY)
                        || key.equals(STREAM)
                        || key.startsWith(LABELS)
                                && LABEL.matcher(key.substring(LABELS.length())).matches());
    }

    /** The alert's value of every key, in the keys' order. */
    static Map<String, String> of(List<String> keys, Alert alert) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : keys) {
            String value = switch (key) {
                case RULE_ID -> alert.ruleId();
                case SEVERITY ->
                    alert.severity() == null ? null : alert.severity().jsonName();
                case STREAM -> alert.stream();
                default -> alert.labels().get(key.substring(LABELS.length()));
            };
            values.put(key, value == null ? "" : value);
        }
        return values;
    }
}

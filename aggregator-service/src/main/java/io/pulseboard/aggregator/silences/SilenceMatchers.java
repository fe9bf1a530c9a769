package io.pulseboard.aggregator.silences;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pulseboard.model.Alert;
import io.pulseboard.model.Severity;
import io.pulseboard.model.validation.StreamGlob;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a silence applies to: every matcher given must match (a null one matches anything). The rule
 * by its id, the stream by a name or glob, the severity exactly, and each label by equality with
 * the alert's labels (the rule's labels; an alert without the label does not match).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record SilenceMatchers(
        @JsonProperty("rule_id") String ruleId, String stream, Severity severity, Map<String, String> labels) {

    public SilenceMatchers {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The stream glob, compiled once (the stream was validated). */
    @JsonIgnore
    StreamGlob glob() {
        return stream == null ? null : Globs.of(stream);
    }

    /** Whether no matcher is given (refused: a silence of everything). */
    @JsonIgnore
    boolean isEmpty() {
        return ruleId == null && stream == null && severity == null && labels.isEmpty();
    }

    public boolean matches(Alert alert) {
        if (ruleId != null && !ruleId.equals(alert.ruleId())) {
            return false;
        }
        if (severity != null && severity != alert.severity()) {
            return false;
        }
        if (stream != null && (alert.stream() == null || !glob().matches(alert.stream()))) {
            return false;
        }
        Map<String, String> have = alert.labels() == null ? Map.of() : alert.labels();
        for (Map.Entry<String, String> label : labels.entrySet()) {
            if (!Objects.equals(label.getValue(), have.get(label.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Compiled globs by text: silences are few, their globs are matched for every notification. */
    private static final class Globs {
        private static final Map<String, StreamGlob> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        static StreamGlob of(String glob) {
            if (CACHE.size() > 10_000) {
                CACHE.clear();
            }
            return CACHE.computeIfAbsent(glob, StreamGlob::compile);
        }
    }
}

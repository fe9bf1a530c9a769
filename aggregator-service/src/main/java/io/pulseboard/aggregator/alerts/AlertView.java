package io.pulseboard.aggregator.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.pulseboard.aggregator.silences.SilenceTable;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An alert as the REST API answers it: the Alert fields, the time from firing (or pending, for an
 * alert that never fired) to acknowledgement and from firing to resolution in seconds (null until
 * they happen), the silences that silence it now ({@code silenced_by}: the ids of the active
 * silences matching a pending or firing alert, computed when answering; empty otherwise), and for a
 * single alert its history.
 */
public record AlertView(
        @JsonUnwrapped Alert alert,
        @JsonProperty("time_to_acknowledge_s") Double timeToAcknowledge,
        @JsonProperty("time_to_resolve_s") Double timeToResolve,
        @JsonProperty("silenced_by") List<String> silencedBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<Entry> history) {

    /** One state change ({@code event} is the new state) or {@code acknowledged}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(long revision, String event, Instant at, Double value, String by, String comment) {

        static Entry of(AlertHistoryEntity h) {
            return new Entry(h.revision, h.event, h.at, h.value, h.by, h.comment);
        }
    }

    static AlertView of(AlertEntity a, List<AlertHistoryEntity> history, SilenceTable silences) {
        Alert alert = a.toAlert();
        boolean live = alert.state() == AlertState.PENDING || alert.state() == AlertState.FIRING;
        Instant start = alert.firingAt() != null ? alert.firingAt() : alert.pendingAt();
        return new AlertView(
                alert,
                seconds(start, alert.acknowledgedAt()),
                seconds(alert.firingAt(), alert.resolvedAt()),
                live ? silences.silencing(alert) : List.of(),
                history == null ? null : history.stream().map(Entry::of).toList());
    }

    private static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toMillis() / 1000.0;
    }
}

package io.pulseboard.aggregator.silences;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.pulseboard.model.Alert;
import java.time.Instant;

/**
 * A silence as the REST API answers it. {@code state} is computed from the times at the moment of
 * the answer; {@code ended_at} is set only when it was ended early.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Silence(
        String id,
        SilenceMatchers matchers,
        @JsonProperty("starts_at") Instant startsAt,
        @JsonProperty("ends_at") Instant endsAt,
        @JsonProperty("created_by") String createdBy,
        String comment,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("ended_at") Instant endedAt,
        SilenceState state) {

    /** The state at {@code now}: pending before starts_at, expired from ended_at or ends_at on. */
    public static SilenceState stateAt(Instant startsAt, Instant endsAt, Instant endedAt, Instant now) {
        if ((endedAt != null && !now.isBefore(endedAt)) || !now.isBefore(endsAt)) {
            return SilenceState.EXPIRED;
        }
        return now.isBefore(startsAt) ? SilenceState.PENDING : SilenceState.ACTIVE;
    }

    public SilenceState stateAt(Instant now) {
        return stateAt(startsAt, endsAt, endedAt, now);
    }

    /** This silence with its state at {@code now}. */
    public Silence at(Instant now) {
        return new Silence(id, matchers, startsAt, endsAt, createdBy, comment, createdAt, endedAt, stateAt(now));
    }

    /** Whether it is active at {@code now} and matches the alert. */
    public boolean silences(Alert alert, Instant now) {
        return stateAt(now) == SilenceState.ACTIVE && matchers.matches(alert);
    }
}

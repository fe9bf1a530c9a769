package io.pulseboard.aggregator.silences;

import io.pulseboard.model.Severity;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A stored silence. */
@Entity
@Table(name = "pulse_silence")
public class SilenceEntity extends PanacheEntityBase {

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, String>> LABELS =
            new com.fasterxml.jackson.core.type.TypeReference<>() {};

    @Id
    public String id;

    @Column(name = "rule_id")
    public String ruleId;

    public String stream;

    public String severity;

    /** JSON object. */
    public String labels;

    @Column(name = "starts_at")
    public Instant startsAt;

    @Column(name = "ends_at")
    public Instant endsAt;

    @Column(name = "created_by")
    public String createdBy;

    public String comment;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    public Silence toSilence(Instant now) {
        SilenceMatchers matchers = new SilenceMatchers(
                ruleId,
                stream,
                severity == null ? null : Severity.valueOf(severity.toUpperCase(Locale.ROOT)),
                readLabels(labels));
        return new Silence(
                id,
                matchers,
                startsAt,
                endsAt,
                createdBy,
                comment,
                createdAt,
                endedAt,
                Silence.stateAt(startsAt, endsAt, endedAt, now));
    }

    private static Map<String, String> readLabels(String json) {
        try {
            return json == null ? Map.of() : PulseJson.mapper().readValue(json, LABELS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

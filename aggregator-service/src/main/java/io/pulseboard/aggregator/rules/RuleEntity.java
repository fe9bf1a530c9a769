package io.pulseboard.aggregator.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pulseboard.model.AlertRule;
import io.pulseboard.model.Severity;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/** A stored alert rule. {@link #version} is Hibernate's optimistic lock: it grows with every update. */
@Entity
@Table(name = "pulse_rule")
public class RuleEntity extends PanacheEntityBase {

    private static final TypeReference<Map<String, String>> LABELS = new TypeReference<>() {};

    @Id
    public String id;

    public String name;

    public String stream;

    public String expr;

    @Column(name = "time_window")
    public String window;

    @Column(name = "for_duration")
    public String forDuration;

    @Column(name = "keep_firing_for")
    public String keepFiringFor;

    public String resolve;

    public String severity;

    public boolean enabled;

    public String description;

    /** JSON object. */
    public String labels;

    public String webhook;

    /** The receiver's name (a foreign key: a receiver a rule names cannot be deleted). */
    public String receiver;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    /** Takes the rule's fields (everything but the id, the times and the version). */
    public void apply(AlertRule r) {
        name = r.name();
        stream = r.stream();
        expr = r.expr();
        window = r.window();
        forDuration = r.forDuration();
        keepFiringFor = r.keepFiringFor();
        resolve = r.resolve();
        severity = r.severity().jsonName();
        enabled = Boolean.TRUE.equals(r.enabled());
        description = r.description();
        labels = PulseJson.toJson(r.labels());
        webhook = r.webhook();
        receiver = r.receiver();
    }

    public AlertRule toRule() {
        return new AlertRule(
                id,
                name,
                stream,
                expr,
                window,
                forDuration,
                keepFiringFor,
                resolve,
                Severity.valueOf(severity.toUpperCase(Locale.ROOT)),
                enabled,
                description,
                readLabels(labels),
                webhook,
                receiver,
                createdAt,
                updatedAt,
                version);
    }

    /** Labels as stored: a JSON object. */
    public static Map<String, String> readLabels(String json) {
        try {
            ObjectMapper mapper = PulseJson.mapper();
            return json == null ? Map.of() : mapper.readValue(json, LABELS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

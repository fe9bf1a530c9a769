package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.rules.RuleEntity;
import io.pulseboard.model.Alert;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Severity;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Locale;

/**
 * One alert, in its latest state. {@link #revision} grows with every change (state or
 * acknowledgement); the row is changed under a row lock, so the revision is the order of changes.
 */
@Entity
@Table(name = "pulse_alert")
public class AlertEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "rule_id")
    public String ruleId;

    @Column(name = "rule_name")
    public String ruleName;

    public String stream;

    /** The partition of pulse.events that owns the stream: whose owner restores this alert. */
    @Column(name = "kafka_partition")
    public int kafkaPartition;

    public String severity;

    public String state;

    public String expr;

    public Double value;

    public double threshold;

    @Column(name = "pending_at")
    public Instant pendingAt;

    @Column(name = "firing_at")
    public Instant firingAt;

    @Column(name = "resolved_at")
    public Instant resolvedAt;

    @Column(name = "acknowledged_by")
    public String acknowledgedBy;

    @Column(name = "acknowledged_at")
    public Instant acknowledgedAt;

    public String comment;

    /** JSON object. */
    public String labels;

    public long revision;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public AlertState alertState() {
        return AlertState.valueOf(state.toUpperCase(Locale.ROOT));
    }

    public Alert toAlert() {
        return new Alert(
                id,
                ruleId,
                ruleName,
                stream,
                Severity.valueOf(severity.toUpperCase(Locale.ROOT)),
                alertState(),
                expr,
                value,
                threshold,
                pendingAt,
                firingAt,
                resolvedAt,
                acknowledgedBy,
                acknowledgedAt,
                comment,
                RuleEntity.readLabels(labels),
                revision);
    }
}

package io.pulseboard.aggregator.alerts;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One entry of an alert's history: a state change ({@code event} is the new state) or {@code acknowledged}. */
@Entity
@Table(name = "pulse_alert_history")
public class AlertHistoryEntity extends PanacheEntityBase {

    public static final String ACKNOWLEDGED = "acknowledged";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "alert_id")
    public String alertId;

    public long revision;

    public String event;

    public Instant at;

    public Double value;

    @Column(name = "by_whom")
    public String by;

    public String comment;

    static AlertHistoryEntity of(AlertEntity alert, String event, Instant at) {
        AlertHistoryEntity h = new AlertHistoryEntity();
        h.alertId = alert.id;
        h.revision = alert.revision;
        h.event = event;
        h.at = at;
        return h;
    }
}

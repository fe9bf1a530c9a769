package io.pulseboard.aggregator.recent;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One kept recent event (table {@code pulse_recent_event}); {@code event} is its JSON. */
@Entity
@Table(name = "pulse_recent_event")
public class RecentEventEntity extends PanacheEntityBase {

    @Id
    public String ref;

    public String stream;

    public Instant received;

    public int part;

    public long off;

    public boolean error;

    public String event;
}

package io.pulseboard.aggregator.deadletters;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One of the last dead letters (table {@code pulse_dead_letter}), keyed by its source. */
@Entity
@Table(name = "pulse_dead_letter")
public class DeadLetterEntity extends PanacheEntityBase {

    @Id
    public String source;

    public int part;

    public long off;

    public Instant time;

    public String stream;

    @Column(name = "reason_code")
    public String reasonCode;

    public String reason;

    @Column(name = "record_key")
    public String recordKey;

    public String value;

    public boolean truncated;

    public static DeadLetterEntity of(DeadLetter letter) {
        DeadLetterEntity row = new DeadLetterEntity();
        row.source = letter.source();
        row.part = letter.partition();
        row.off = letter.offset();
        row.time = letter.time();
        row.stream = letter.stream();
        row.reasonCode = letter.reasonCode().code();
        row.reason = letter.reason();
        row.recordKey = letter.key();
        row.value = letter.value();
        row.truncated = letter.truncated();
        return row;
    }
}

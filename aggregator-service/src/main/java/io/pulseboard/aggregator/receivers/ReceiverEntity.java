package io.pulseboard.aggregator.receivers;

import com.fasterxml.jackson.core.type.TypeReference;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A stored receiver. {@link #version} is Hibernate's optimistic lock. */
@Entity
@Table(name = "pulse_receiver")
public class ReceiverEntity extends PanacheEntityBase {

    private static final TypeReference<LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {};
    private static final TypeReference<List<String>> GROUP_BY = new TypeReference<>() {};

    @Id
    public String name;

    public String url;

    /** JSON object of header names to values, the secret ones included. */
    public String headers;

    public String template;

    @Column(name = "content_type")
    public String contentType;

    /** JSON array of the group keys. */
    @Column(name = "group_by")
    public String groupBy;

    @Column(name = "group_wait")
    public String groupWait;

    @Column(name = "group_interval")
    public String groupInterval;

    @Column(name = "repeat_interval")
    public String repeatInterval;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    void apply(Receiver r) {
        url = r.url();
        headers = PulseJson.toJson(r.headers());
        template = r.template();
        contentType = r.contentType();
        groupBy = PulseJson.toJson(r.groupBy());
        groupWait = r.groupWait();
        groupInterval = r.groupInterval();
        repeatInterval = r.repeatInterval();
    }

    public Receiver toReceiver() {
        return new Receiver(
                name,
                url,
                readHeaders(headers),
                template,
                contentType,
                readGroupBy(groupBy),
                groupWait,
                groupInterval,
                repeatInterval,
                createdAt,
                updatedAt,
                version);
    }

    private static List<String> readGroupBy(String json) {
        try {
            return json == null ? null : PulseJson.mapper().readValue(json, GROUP_BY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> readHeaders(String json) {
        try {
            return json == null ? Map.of() : PulseJson.mapper().readValue(json, HEADERS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether {@code f} is PostgreSQL refusing a change against the key from rules to receivers: a
     * receiver deleted while a rule names it, or a rule saved naming one deleted meanwhile.
     */
    public static boolean violatesRuleKey(Throwable f) {
        for (Throwable t = f; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains("pulse_rule_receiver_fkey")) {
                return true;
            }
        }
        return false;
    }
}

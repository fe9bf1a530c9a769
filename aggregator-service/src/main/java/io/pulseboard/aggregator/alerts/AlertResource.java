package io.pulseboard.aggregator.alerts;

import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.aggregator.silences.SilenceTable;
import io.pulseboard.model.AlertState;
import io.pulseboard.model.Severity;
import io.pulseboard.model.validation.StreamGlob;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Alerts, live and past, and their acknowledgement. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
public class AlertResource {

    static final int MAX_LIMIT = 1000;
    static final int MAX_BY = 128;
    static final int MAX_COMMENT = 2000;

    private final AlertPublisher publisher;
    private final SilenceTable silences;
    private final Clock clock;

    public AlertResource(AlertPublisher publisher, SilenceTable silences, Clock clock) {
        this.publisher = publisher;
        this.silences = silences;
        this.clock = clock;
    }

    /** The body of an acknowledgement. */
    public record Ack(String by, String comment) {}

    @GET
    @Operation(
            summary = "Alerts, most recently changed first",
            description =
                    "state: inactive, pending, firing or resolved (several separated by commas); stream: a name or a glob; "
                            + "severity: info, warning or critical; since: alerts changed at or after this time (ISO-8601 or epoch ms); "
                            + "limit: 1 to 1000 (default 100).")
    public Uni<List<AlertView>> list(
            @QueryParam("state") String state,
            @QueryParam("stream") String stream,
            @QueryParam("severity") String severity,
            @QueryParam("since") String since,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        List<String> where = new ArrayList<>();
        Parameters params = new Parameters();
        if (state != null && !state.isBlank()) {
            where.add("state in :states");
            params.and("states", states(state));
        }
        if (severity != null && !severity.isBlank()) {
            where.add("severity = :severity");
            params.and("severity", severity(severity));
        }
        if (since != null && !since.isBlank()) {
            where.add("updatedAt >= :since");
            params.and("since", instant(since));
        }
        StreamGlob glob = null;
        if (stream != null && !stream.isBlank()) {
            glob = glob(stream);
            if (glob.isLiteral()) {
                where.add("stream = :stream");
                params.and("stream", stream);
            } else {
                // Narrowed in SQL by the literal start of the glob, matched exactly below.
                where.add("stream like :prefix escape '\\'");
                params.and("prefix", likePrefix(stream));
            }
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by updatedAt desc, id";
        StreamGlob matcher = glob;
        return Panache.withSession(() -> {
                    var q = AlertEntity.<AlertEntity>find(query, params);
                    return matcher == null || matcher.isLiteral()
                            ? q.page(0, limit).list()
                            : q.list();
                })
                .map(rows -> rows.stream()
                        .filter(a -> matcher == null || matcher.matches(a.stream))
                        .limit(limit)
                        .map(a -> AlertView.of(a, null, silences))
                        .toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One alert with its history")
    public Uni<AlertView> get(@PathParam("id") String id) {
        return Panache.withSession(() ->
                find(id, LockModeType.NONE).chain(a -> history(a).map(h -> AlertView.of(a, h, silences))));
    }

    @POST
    @Path("{id}/ack")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Acknowledge an alert",
            description =
                    "Body {\"by\": \"who\", \"comment\": \"optional\"}. Changes no state; the acknowledgement is kept with the "
                            + "alert and in its history, and the alert is published again with it. 409 if it is already acknowledged.")
    public Uni<AlertView> ack(@PathParam("id") String id, Ack body) {
        if (body == null || body.by() == null || body.by().isBlank()) {
            throw ApiException.badRequest("by is required: who acknowledges the alert");
        }
        if (body.by().length() > MAX_BY) {
            throw ApiException.badRequest(
                    "by is " + body.by().length() + " characters long; at most " + MAX_BY + " are allowed");
        }
        if (body.comment() != null && body.comment().length() > MAX_COMMENT) {
            throw ApiException.badRequest("comment is " + body.comment().length() + " characters long; at most "
                    + MAX_COMMENT + " are allowed");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.withTransaction(() -> find(id, LockModeType.PESSIMISTIC_WRITE)
                        .chain(a -> {
                            if (a.acknowledgedAt != null) {
                                throw ApiException.conflict("alert " + id + " was already acknowledged by "
                                        + a.acknowledgedBy + " at " + a.acknowledgedAt);
                            }
                            a.acknowledgedBy = body.by().trim();
                            a.acknowledgedAt = now;
                            a.comment = body.comment();
                            a.revision++;
                            a.updatedAt = now;
                            AlertHistoryEntity h = AlertHistoryEntity.of(a, AlertHistoryEntity.ACKNOWLEDGED, now);
                            h.by = a.acknowledgedBy;
                            h.comment = a.comment;
                            return h.persist().replaceWith(a);
                        }))
                // Published after the transaction, never inside it.
                .call(a -> publisher.publish(a.toAlert()))
                .chain(a -> Panache.withSession(() -> history(a)).map(h -> AlertView.of(a, h, silences)));
    }

    private static Uni<List<AlertHistoryEntity>> history(AlertEntity a) {
        return AlertHistoryEntity.<AlertHistoryEntity>list("alertId = ?1 order by id", a.id);
    }

    private static Uni<AlertEntity> find(String id, LockModeType lock) {
        return AlertEntity.<AlertEntity>findById(id, lock).map(a -> {
            if (a == null) {
                throw ApiException.notFound("no alert with id '" + id + "'");
            }
            return a;
        });
    }

    private static List<String> states(String text) {
        List<String> out = new ArrayList<>();
        for (String s : text.split(",")) {
            try {
                out.add(AlertState.valueOf(s.trim().toUpperCase(Locale.ROOT)).jsonName());
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("state '" + s.trim() + "' is unknown: use "
                        + Arrays.stream(AlertState.values())
                                .map(AlertState::jsonName)
                                .collect(Collectors.joining(", ")));
            }
        }
        return out;
    }

    private static String severity(String text) {
        try {
            return Severity.valueOf(text.trim().toUpperCase(Locale.ROOT)).jsonName();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("severity '" + text + "' is unknown: use "
                    + Arrays.stream(Severity.values()).map(Severity::jsonName).collect(Collectors.joining(", ")));
        }
    }

    private static Instant instant(String text) {
        try {
            return text.chars().allMatch(Character::isDigit)
                    ? Instant.ofEpochMilli(Long.parseLong(text))
                    : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ApiException.badRequest(
                    "since '" + text + "' is no time: use ISO-8601 (2026-11-22T10:00:00Z) or epoch milliseconds");
        }
    }

    private static StreamGlob glob(String text) {
        try {
            return StreamGlob.compile(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("stream: " + e.getMessage());
        }
    }

    /** The characters before the first wildcard, as a LIKE pattern (stream names may contain _). */
    private static String likePrefix(String glob) {
        String literal = glob.substring(0, glob.indexOf('*'));
        return literal.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%";
    }
}

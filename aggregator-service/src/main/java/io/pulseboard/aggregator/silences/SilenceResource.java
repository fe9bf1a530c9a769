package io.pulseboard.aggregator.silences;

import com.fasterxml.jackson.databind.JsonNode;
import io.pulseboard.aggregator.api.ApiException;
import io.pulseboard.model.json.PulseJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Silences over REST. PostgreSQL holds them; this instance's {@link SilenceTable} takes a change at
 * once, the other instances at their next read.
 */
@Path("/api/silences")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Silences")
public class SilenceResource {

    static final int MAX_LIMIT = 1000;

    private final SilenceTable table;
    private final SilencesConfig config;
    private final Clock clock;

    public SilenceResource(SilenceTable table, SilencesConfig config, Clock clock) {
        this.table = table;
        this.config = config;
        this.clock = clock;
    }

    @GET
    @Operation(
            summary = "Silences, newest first",
            description = "state: pending, active or expired (several separated by commas; default all); "
                    + "limit: 1 to 1000 (default 100).")
    public Uni<List<Silence>> list(
            @QueryParam("state") String state, @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        Instant now = now();
        List<String> where = new ArrayList<>();
        for (SilenceState s : states(state)) {
            where.add(
                    switch (s) {
                        case PENDING -> "(endedAt is null and startsAt > :now and endsAt > :now)";
                        case ACTIVE -> "(endedAt is null and startsAt <= :now and endsAt > :now)";
                        case EXPIRED -> "(endedAt is not null or endsAt <= :now)";
                    });
        }
        String query = (where.isEmpty() ? "" : String.join(" or ", where) + " ") + "order by createdAt desc, id";
        Parameters params = where.isEmpty() ? null : Parameters.with("now", now);
        return Panache.withSession(() -> (params == null
                                ? SilenceEntity.<SilenceEntity>find(query)
                                : SilenceEntity.<SilenceEntity>find(query, params))
                        .page(0, limit)
                        .list())
                .map(rows -> rows.stream().map(e -> e.toSilence(now)).toList());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One silence")
    public Uni<Silence> get(@PathParam("id") String id) {
        Instant now = now();
        return Panache.withSession(() -> find(id, LockModeType.NONE)).map(e -> e.toSilence(now));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Create a silence",
            description =
                    "Body {\"matchers\": {\"rule_id\", \"stream\" (name or glob), \"severity\", \"labels\": {…}}, "
                            + "\"starts_at\" (default now), \"ends_at\", \"created_by\", \"comment\"}; at least one matcher, all "
                            + "given must match. While active, matching alerts change state and are recorded, but send no "
                            + "notification. Answers 201 with the silence; 400 (problem+json with `errors`: field, message) "
                            + "for any mistake or unknown field.")
    public Uni<Response> create(JsonNode body) {
        Instant now = now();
        SilenceRequest in = SilenceRequest.read(body, now, config.maxDuration());
        return Panache.withTransaction(() -> {
                    SilenceEntity e = new SilenceEntity();
                    e.id = UUID.randomUUID().toString();
                    e.ruleId = in.matchers().ruleId();
                    e.stream = in.matchers().stream();
                    e.severity = in.matchers().severity() == null
                            ? null
                            : in.matchers().severity().jsonName();
                    e.labels = PulseJson.toJson(in.matchers().labels());
                    e.startsAt = in.startsAt();
                    e.endsAt = in.endsAt();
                    e.createdBy = in.createdBy();
                    e.comment = in.comment();
                    e.createdAt = now;
                    return e.persist().replaceWith(e);
                })
                .map(e -> {
                    Silence saved = e.toSilence(now);
                    table.apply(saved);
                    return Response.created(URI.create("/api/silences/" + saved.id()))
                            .entity(saved)
                            .build();
                });
    }

    @DELETE
    @Path("{id}")
    @Operation(
            summary = "End a silence early",
            description = "Sets ended_at to now and answers the silence, now expired; it stays in the history. "
                    + "Idempotent: a silence already over is answered as it is, unchanged. 404 if there is none.")
    public Uni<Silence> end(@PathParam("id") String id) {
        Instant now = now();
        return Panache.withTransaction(() -> find(id, LockModeType.PESSIMISTIC_WRITE)
                        .map(e -> {
                            if (Silence.stateAt(e.startsAt, e.endsAt, e.endedAt, now) != SilenceState.EXPIRED) {
                                e.endedAt = now;
                            }
                            return e;
                        }))
                .map(e -> {
                    Silence ended = e.toSilence(now);
                    table.apply(ended);
                    return ended;
                });
    }

    private static Uni<SilenceEntity> find(String id, LockModeType lock) {
        return SilenceEntity.<SilenceEntity>findById(id, lock).map(e -> {
            if (e == null) {
                throw ApiException.notFound("no silence with id '" + id + "'");
            }
            return e;
        });
    }

    private static Set<SilenceState> states(String text) {
        Set<SilenceState> out = new LinkedHashSet<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String s : text.split(",")) {
            try {
                out.add(SilenceState.valueOf(s.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("state '" + s.trim() + "' is unknown: use "
                        + Arrays.stream(SilenceState.values())
                                .map(SilenceState::jsonName)
                                .collect(Collectors.joining(", ")));
            }
        }
        return out;
    }

    private Instant now() {
        // Microseconds: what PostgreSQL keeps, so a silence reads back as it was answered.
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
